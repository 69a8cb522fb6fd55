package io.paude.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCopyTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstRunQuestionsAreAnsweredInTheCopyAndTheUsersKeysKept() throws Exception {
        Path global = tmp.resolve(".claude.json");
        Files.writeString(global, "{\"theme\":\"dark\",\"projects\":{\"/other\":{\"allowedTools\":[]}},"
                + "\"customApiKeyResponses\":{\"approved\":[\"abc\"],\"rejected\":[]}}");
        SessionCopy.firstRunAnswers(global, Path.of("/home/me/project"));
        SessionCopy.firstRunAnswers(global, Path.of("/home/me/project")); // idempotent
        JsonNode j = new ObjectMapper().readTree(global.toFile());
        assertThat(j.path("theme").asText()).isEqualTo("dark");
        assertThat(j.path("hasCompletedOnboarding").asBoolean()).isTrue();
        // the workspace is one key (a path), not a JSON pointer into nested objects
        assertThat(j.path("projects").path("/home/me/project").path("hasTrustDialogAccepted").asBoolean()).isTrue();
        assertThat(j.path("projects").has("home")).isFalse();
        assertThat(j.path("projects").has("/other")).isTrue();
        assertThat(j.path("customApiKeyResponses").path("approved").toString()).isEqualTo("[\"abc\",\"holds-the-credential\"]");
    }

    @Test
    void withoutAUserFileTheAnswersAreTheWholeFile() throws Exception {
        Path global = tmp.resolve(".claude.json");
        SessionCopy.firstRunAnswers(global, Path.of("/w"));
        assertThat(new ObjectMapper().readTree(global.toFile()).path("hasCompletedOnboarding").asBoolean()).isTrue();
    }
}
