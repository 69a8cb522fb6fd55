package io.paude.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    @TempDir
    Path session;

    @Test
    void readsThePartsOldestFirstAndFromAMarkOn() throws Exception {
        Path d = Files.createDirectories(session.resolve("proxy-log"));
        Files.writeString(d.resolve("access.log"), "");
        Files.writeString(d.resolve("access.log.000007"), "a\nb\n");
        Files.writeString(d.resolve("access.log.000008"), "c\n");
        Files.writeString(d.resolve("cache.log"), "not the access log\n");
        assertThat(AccessLog.lines(session)).containsExactly("a", "b", "c");
        AccessLog.Mark mark = AccessLog.mark(session);
        assertThat(mark).isEqualTo(new AccessLog.Mark("access.log.000008", 2));
        Files.writeString(d.resolve("access.log.000008"), "c\nd\n");
        Files.writeString(d.resolve("access.log.000009"), "e\n");
        assertThat(AccessLog.since(session, mark)).containsExactly("d", "e");
        Files.delete(d.resolve("access.log.000008")); // rotated away meanwhile: all that is left
        assertThat(AccessLog.since(session, mark)).containsExactly("a", "b", "e");
    }

    @Test
    void aLogOfASessionFromBeforeTheCapIsReadToo() throws Exception {
        Path d = Files.createDirectories(session.resolve("proxy-log"));
        Files.writeString(d.resolve("access.log"), "old\n");
        assertThat(AccessLog.lines(session)).containsExactly("old");
        assertThat(AccessLog.lines(session.resolve("missing"))).isEmpty();
    }
}
