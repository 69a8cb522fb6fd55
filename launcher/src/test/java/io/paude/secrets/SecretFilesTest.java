package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path ws;

    private void write(String rel, String content) throws IOException {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void builtInRulesAtAnyDepthLeaveTemplatesCertificatesAndCodeAlone() throws IOException {
        write(".env", "A=1");
        write("a/b/.env.local", "A=1");
        write(".env.example", "A=");
        write("k/server.key", "k");
        write("k/tls.pem", "-----BEGIN EC PRIVATE KEY-----");
        write("k/ca.pem", "-----BEGIN CERTIFICATE-----");
        write("k/id_rsa", "k");
        write("k/id_rsa.pub", "ssh-rsa");
        write("credentials.json", "{}");
        write("secrets.txt", "p");
        write("src/SecretsGuard.java", "class");
        write(".npmrc", "//r/:_authToken=x");
        write("w/.npmrc", "registry=https://r/");
        write(".git/secrets.txt", "objects are not masked");
        write("config/prod.yml", "p");
        assertThat(SecretFiles.withPatterns(List.of("config/prod.yml")).find(ws)).map(Path::toString).containsExactly(
                ".env", ".npmrc", "a/b/.env.local", "config/prod.yml", "credentials.json", "k/id_rsa", "k/server.key",
                "k/tls.pem", "secrets.txt");
    }

    @Test
    void everyHardLinkOfASecretIsMaskedToo() throws IOException {
        write(".env", "A=1");
        write("notes.txt", "n");
        Files.createDirectories(ws.resolve("docs"));
        Files.createLink(ws.resolve("docs/innocent.txt"), ws.resolve(".env"));
        assertThat(SecretFiles.withPatterns(List.of()).find(ws)).map(Path::toString).containsExactly(".env", "docs/innocent.txt");
    }

    @Test
    void aLinkNamedLikeASecretMasksItsTargetInsideTheWorkspace() throws IOException {
        write("config/prod.conf", "p");
        Files.createSymbolicLink(ws.resolve(".env"), Path.of("config/prod.conf"));
        assertThat(SecretFiles.withPatterns(List.of()).find(ws)).map(Path::toString).containsExactly("config/prod.conf");
    }
}
