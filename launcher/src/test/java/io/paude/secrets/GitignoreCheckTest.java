package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitignoreCheckTest {
    @TempDir
    Path ws;

    @Test
    void equivalentPatternsCountAndAddingMakesItComplete() throws IOException {
        Files.writeString(ws.resolve(".gitignore"), "/.env*\n**/*.pem\n!.env.example\n");
        assertThat(GitignoreCheck.missing(ws)).doesNotContain(".env", ".env.*", "*.pem").contains("*.key", "secrets.*");
        assertThat(GitignoreCheck.add(ws)).contains("*.key");
        assertThat(GitignoreCheck.missing(ws)).isEmpty();
        assertThat(GitignoreCheck.add(ws)).isEmpty();
    }
}
