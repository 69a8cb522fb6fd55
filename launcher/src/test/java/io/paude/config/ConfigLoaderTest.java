package io.paude.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.policy.PolicyException;
import io.paude.state.StatePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String APPROVED = "{\"allowDomains\": [\"example.com\"]}";
    private static final String SWAPPED = "{\"allowDomains\": [\"evil.com\"]}";

    @TempDir
    Path ws;
    @TempDir
    Path home;

    private StatePaths paths() {
        return new StatePaths(home, home.resolve("state"), home.resolve("config"));
    }

    /** A reader that gives the swapped content first and the approved content on every later read. */
    private static ConfigLoader.Reader swappingAfterFirstRead(List<String> reads) {
        return file -> {
            String content = reads.isEmpty() ? SWAPPED : APPROVED;
            reads.add(content);
            return content.getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void aFileSwappedBetweenTwoReadsIsNeitherParsedNorTrusted() throws IOException {
        Files.writeString(ws.resolve(ConfigLoader.PROJECT_FILE), APPROVED);
        new ConfigLoader(paths()).trust(ws, new ConfigLoader(paths()).project(ws).orElseThrow());
        // control: the approved content loads
        assertThat(new ConfigLoader(paths()).load(ws, false).project().allowDomains()).containsExactly("example.com");

        // the file reads "evil.com" first and the approved content after: a check on a second read would pass
        List<String> reads = new ArrayList<>();
        ConfigLoader swapped = new ConfigLoader(paths(), swappingAfterFirstRead(reads));
        assertThatThrownBy(() -> swapped.load(ws, false)).isInstanceOf(io.paude.policy.Refusal.class)
                .hasMessageContaining("changed since you last approved it");
        assertThat(reads).as("the project file is read once per load").containsExactly(SWAPPED);
    }

    @Test
    void approvingRecordsTheDigestOfTheBytesShownAndParsed() throws IOException {
        Files.writeString(ws.resolve(ConfigLoader.PROJECT_FILE), APPROVED);
        List<String> reads = new ArrayList<>();
        ConfigLoader swapped = new ConfigLoader(paths(), swappingAfterFirstRead(reads));
        // --trust-project-config: the swapped content was read, so the swapped content is what is approved and used
        assertThat(swapped.load(ws, true).project().allowDomains()).containsExactly("evil.com");
        assertThat(reads).containsExactly(SWAPPED);
        // and the file on disk (the approved content) is therefore not trusted
        assertThatThrownBy(() -> new ConfigLoader(paths()).load(ws, false)).isInstanceOf(PolicyException.class);
    }

    @Test
    void aBrokenFileCannotBeApproved() throws IOException {
        Files.writeString(ws.resolve(ConfigLoader.PROJECT_FILE), "{\"allowDomains\": [");
        ConfigLoader loader = new ConfigLoader(paths());
        assertThatThrownBy(() -> loader.trust(ws, loader.project(ws).orElseThrow())).isInstanceOf(PolicyException.class)
                .hasMessageContaining("cannot read");
    }
}
