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

    private List<String> found() {
        return SecretFiles.withPatterns(List.of()).find(ws).stream().map(Path::toString).toList();
    }

    @Test
    void credentialFilesKeyStoresAndTokenedRcFilesAreSecrets() throws IOException {
        write(".envrc", "use flake");
        write("a/.netrc", "machine example.com login me");
        write("_netrc", "machine example.com");
        write("b/.git-credentials", "https://me:tok@example.com");
        write(".pgpass", "db:5432:*:me:pw");
        write("home/.aws/credentials", "[default]");
        write("aws/credentials", "not under .aws");
        write("home/.aws/config", "[default]\nregion = x");
        write("tls/client.p12", "binary");
        write("tls/SERVER.PFX", "binary");
        write("py/.pypirc", "[pypi]\npassword = x");
        write("web/.pypirc", "[distutils]\nindex-servers = pypi");
        write("web/.npmrc", "registry=https://r/");
        assertThat(found()).containsExactlyInAnyOrder(".envrc", "a/.netrc", "_netrc", "b/.git-credentials", ".pgpass",
                "home/.aws/credentials", "tls/client.p12", "tls/SERVER.PFX", "py/.pypirc");
    }

    @Test
    void aFileOfAnyNameThatStartsWithAPrivateKeyIsASecret() throws IOException {
        write("deploy/ci_deploy", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n");
        write("notes/backup.txt", "\n  -----BEGIN RSA PRIVATE KEY-----\nMIIE\n");
        write("k/pkcs8", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n");
        write("k/gpg.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQ\n");
        write("k/putty.ppk.bak", "PuTTY-User-Key-File-3: ssh-ed25519\n");
        write("k/public", "-----BEGIN PUBLIC KEY-----\nMIIB\n");
        write("k/cert.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n");
        write("docs/howto.md", "A key looks like this:\n-----BEGIN RSA PRIVATE KEY-----\n");
        write("big/dump", "-----BEGIN RSA PRIVATE KEY-----\n" + "A".repeat((int) SecretFiles.KEY_HEAD_MAX_SIZE));
        assertThat(found()).containsExactlyInAnyOrder("deploy/ci_deploy", "notes/backup.txt", "k/pkcs8", "k/gpg.asc",
                "k/putty.ppk.bak");
    }

    @Test
    void theFirstBytesDecide() {
        assertThat(SecretFiles.privateKeyHead("\uFEFF-----BEGIN EC PRIVATE KEY-----".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        assertThat(SecretFiles.privateKeyHead("-----BEGIN PRIVATE KEY-----".getBytes())).isTrue();
        assertThat(SecretFiles.privateKeyHead("x-----BEGIN PRIVATE KEY-----".getBytes())).isFalse();
        assertThat(SecretFiles.privateKeyHead("-----BEGIN PRIVATE KEY".getBytes())).isFalse();
    }

    @Test
    void aHardLinkInsideGitIsMaskedAndGitIsListedOnlyWhenASecretHasUnseenLinks() throws IOException {
        write(".env", "A=1");
        write(".git/objects/ab/cdef", "an object");
        write("sub/.git/info/exclude", "x");
        Files.createLink(ws.resolve(".git/stash-copy"), ws.resolve(".env"));
        Files.createLink(ws.resolve("sub/.git/info/keep"), ws.resolve(".env"));
        assertThat(found()).containsExactly(".env", ".git/stash-copy", "sub/.git/info/keep");
        Files.delete(ws.resolve(".git/stash-copy"));
        Files.delete(ws.resolve("sub/.git/info/keep"));
        WorkspaceFiles walk = WorkspaceFiles.walk(ws);
        assertThat(walk.skipped()).map(Path::toString).containsExactlyInAnyOrder(".git", "sub/.git");
        assertThat(SecretFiles.withPatterns(List.of()).find(walk)).map(Path::toString).containsExactly(".env");
    }
}
