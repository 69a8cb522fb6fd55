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

    /**
     * A stand-in for gitleaks 8 that finds its configuration and ignore files as gitleaks does (--config, then
     * $GITLEAKS_CONFIG, then the scanned directory's .gitleaks.toml; the --gitleaks-ignore-path file or the one in
     * that directory, default the working directory, and always the scanned directory's .gitleaksignore; lines with
     * gitleaks:allow skipped unless --ignore-gitleaks-allow; symbolic links followed only with --follow-symlinks). An
     * [allowlist] in the configuration in effect hides every finding, as the planted one would. It finds AWS keys.
     */
    private Path fakeGitleaks(boolean hasNeededOptions) throws IOException {
        Path fake = bin.resolve("gitleaks");
        String help = hasNeededOptions ? String.join(" ", Gitleaks.NEEDED) : "--config --report-path --redact";
        Files.writeString(fake, """
                #!/bin/sh
                case "$1 $2" in 'dir --help'|'detect --help') echo 'Flags: HELP'; exit 0;; esac
                echo "cwd=$(pwd) args=$*" >> LOG
                shift; config=; ignore=.; honour_allow=1; follow=; src=.; out=
                while [ $# -gt 0 ]; do case "$1" in
                  --config) config=$2; shift;; --gitleaks-ignore-path) ignore=$2; shift;; --report-path) out=$2; shift;;
                  --ignore-gitleaks-allow) honour_allow=;; --follow-symlinks) follow=-L;; --source) src=$2; shift;;
                  --report-format|--exit-code) shift;; --*) ;; *) src=$1;; esac; shift; done
                [ -z "$config" ] && config=$GITLEAKS_CONFIG
                [ -z "$config" ] && [ -f "$src/.gitleaks.toml" ] && config=$src/.gitleaks.toml
                ignores=$(cat "$ignore" "$ignore/.gitleaksignore" "$src/.gitleaksignore" 2>/dev/null)
                printf '[' > "$out"; sep=
                if ! { [ -n "$config" ] && grep -q '^\\[allowlist\\]' "$config"; }; then
                  for f in $(cd "$src" && find $follow . -type f | sed 's|^\\./||' | sort); do
                    hits=$(grep -n 'AKIA[0-9A-Z]\\{16\\}' "$src/$f")
                    [ -z "$hits" ] && continue
                    n=${hits%%:*}; line=${hits#*:}
                    case "$line" in *gitleaks:allow*) [ -n "$honour_allow" ] && continue;; esac
                    printf '%s\\n' "$ignores" | grep -qx "$f:aws-access-token:$n" && continue
                    printf '%s{"File":"%s/%s","StartLine":%s,"RuleID":"aws-access-token","Secret":"REDACTED"}' "$sep" "$src" "$f" "$n" >> "$out"
                    sep=,
                  done
                fi
                echo ']' >> "$out"
                """.replace("HELP", help).replace("LOG", bin.resolve("calls.log").toString()));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    private void plant() throws IOException {
        Files.writeString(ws.resolve("deploy.sh"), "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB\n");
        Files.createDirectories(ws.resolve("src"));
        Files.writeString(ws.resolve("src/app.cfg"), "key = AKIAQ3EGUIVZ7XN2R4TC # gitleaks:allow\n");
        Files.writeString(ws.resolve(".gitleaks.toml"), "[allowlist]\npaths = ['''.*''']\nregexes = ['''.*''']\n");
        Files.writeString(ws.resolve(".gitleaksignore"), "deploy.sh:aws-access-token:1\nsrc/app.cfg:aws-access-token:1\n");
    }

    private String plainRun(Path fake, Path report) throws IOException, InterruptedException {
        Process plain = new ProcessBuilder(fake.toString(), "dir", "--report-path", report.toString(), ws.toString()).directory(ws.toFile())
                .start();
        assertThat(plain.waitFor()).isZero();
        return Files.readString(report).strip();
    }

    @Test
    void theWorkspacesGitleaksConfigurationIgnoreFileAndAllowCommentsHideNothing() throws IOException, InterruptedException {
        Path fake = fakeGitleaks(true);
        plant();
        Files.writeString(ws.resolve(".env"), "AWS=AKIAQ3EGUIVZ7XN2R4TD\n");
        var r = new SecretScanner(state, Map.of("PATH", bin.toString())).scan(ws, Set.of(Path.of(".env")), List.of());
        assertThat(r.scanner()).isEqualTo("gitleaks");
        assertThat(r.findings()).containsExactly(new Finding("deploy.sh", 1, "aws-access-token", "REDACTED"),
                new Finding("src/app.cfg", 1, "aws-access-token", "REDACTED"));
        String call = Files.readString(bin.resolve("calls.log"));
        assertThat(call).startsWith("cwd=/").contains("args=dir ").contains("--config ").contains("--gitleaks-ignore-path ")
                .contains("--ignore-gitleaks-allow").contains("--follow-symlinks").doesNotContain("cwd=" + ws + " ")
                .doesNotContain(" " + ws + "\n");

        // the plant is live: the same gitleaks, run on the workspace as a user would, reports nothing
        assertThat(plainRun(fake, bin.resolve("plain.json"))).isEqualTo("[]");
        Files.delete(ws.resolve(".gitleaks.toml"));
        assertThat(plainRun(fake, bin.resolve("plain.json"))).as("the ignore file and the comment hide the rest; .env is found")
                .contains(".env").doesNotContain("deploy.sh").doesNotContain("app.cfg");
    }

    @Test
    void aGitleaksThatCannotBeRunWithPaudesConfigurationAloneGivesWayToTheBuiltInScan() throws IOException {
        fakeGitleaks(false);
        plant();
        var r = new SecretScanner(state, Map.of("PATH", bin.toString())).scan(ws, Set.of(), List.of());
        assertThat(r.scanner()).isEqualTo("built-in");
        assertThat(r.findings()).extracting(Finding::file).containsExactly("deploy.sh", "src/app.cfg");
        assertThat(bin.resolve("calls.log")).doesNotExist();
    }
}
