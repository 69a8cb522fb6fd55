package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.policy.AuditSettings;
import io.paude.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path sessions;

    Path session(String name, Duration age) throws Exception {
        Path d = Files.createDirectories(sessions.resolve(name));
        Files.writeString(d.resolve("audit.jsonl"), "{}\n");
        Files.setLastModifiedTime(d, FileTime.from(Instant.now().minus(age)));
        return d;
    }

    @Test
    void keepsTheNewestAndNeverALiveSessionAndDropsTheTooOld() throws Exception {
        session("old", Duration.ofDays(40));
        session("live-old", Duration.ofDays(50));
        session("a", Duration.ofHours(3));
        session("b", Duration.ofHours(2));
        session("c", Duration.ofHours(1));
        List<String> removed = Retention.prune(sessions, new AuditSettings(1 << 20, 2, 30), Set.of("live-old"), Instant.now());
        assertThat(removed).containsExactlyInAnyOrder("old", "a");
        assertThat(sessions.resolve("live-old")).isDirectory();
        assertThat(sessions.resolve("c")).isDirectory();
        assertThat(sessions.resolve("b")).isDirectory();
    }

    @Test
    void sizesAndBounds() {
        assertThat(AuditSettings.parseSize("64k", "x")).isEqualTo(65536);
        assertThat(AuditSettings.parseSize("2m", "x")).isEqualTo(2L << 20);
        assertThat(new AuditSettings(1 << 20, 1, 1).chunkBytes()).isEqualTo(1 << 18);
        assertThatThrownBy(() -> AuditSettings.parseSize("lots", "--audit-max-size")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> new AuditSettings(1000, 1, 1)).isInstanceOf(PolicyException.class);
    }

    @Test
    void execRecorderIsDetachedAndStreamNamesAreSafe() {
        List<String> a = Recorder.wrap("exec-1", 1000, 1000, AuditSettings.defaults(), List.of("id"), Recorder.Role.EXEC);
        assertThat(a).startsWith("/usr/local/bin/paude-recorder", "--detached", "--uid", "1000", "--gid", "1000", "--log")
                .endsWith("--", "id");
        assertThatThrownBy(() -> Recorder.wrap("x; rm", 1000, 1000, AuditSettings.defaults(), List.of("id"), Recorder.Role.PID1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
