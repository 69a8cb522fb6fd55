package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannerTest {
    @TempDir
    Path ws;
    @TempDir
    Path state;
    @TempDir
    Path bin;

    @Test
    void maskedAndAllowlistedFilesAreLeftOutAndUnchangedFilesComeFromTheCache() throws IOException {
        Files.writeString(ws.resolve(".env"), "API_KEY=super_secret_123");
        Files.createDirectories(ws.resolve("fixtures"));
        Files.writeString(ws.resolve("fixtures/fake"), "AKIAQ3EGUIVZ7XN2R4TB");
        Files.writeString(ws.resolve("app.cfg"), "AKIAQ3EGUIVZ7XN2R4TB");
        SecretScanner s = new SecretScanner(state, Map.of("PATH", bin.toString()));
        var first = s.scan(ws, Set.of(Path.of(".env")), List.of("fixtures/**"));
        assertThat(first.findings()).extracting(Finding::file).containsExactly("app.cfg");
        assertThat(first.filesRead()).isEqualTo(1);
        var second = s.scan(ws, Set.of(Path.of(".env")), List.of("fixtures/**"));
        assertThat(second.filesRead()).isZero();
        assertThat(second.filesCached()).isEqualTo(1);
        assertThat(second.findings()).isEqualTo(first.findings());
        try (var cache = Files.walk(state)) {
            for (Path f : cache.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain("AKIAQ3EGUIVZ7XN2R4TB");
            }
        }
    }

    @Test
    void gitleaksOnThePathIsUsedWithRedaction() throws IOException {
        Path fake = bin.resolve("gitleaks");
        Files.writeString(fake, "#!/bin/sh\n"
                + "case \"$*\" in *--redact*) ;; *) exit 3;; esac\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --report-path ] && out=$2; shift; done\n"
                + "printf '[{\"File\":\"%s/app.cfg\",\"StartLine\":4,\"RuleID\":\"aws-access-token\",\"Secret\":\"REDACTED\"},"
                + "{\"File\":\"%s/.env\",\"StartLine\":1,\"RuleID\":\"generic\",\"Secret\":\"REDACTED\"}]' \"" + ws + "\" \"" + ws + "\" > \"$out\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        var r = new SecretScanner(state, Map.of("PATH", bin.toString())).scan(ws, Set.of(Path.of(".env")), List.of());
        assertThat(r.scanner()).isEqualTo("gitleaks");
        assertThat(r.findings()).containsExactly(new Finding("app.cfg", 4, "aws-access-token", "REDACTED"));
    }
}
