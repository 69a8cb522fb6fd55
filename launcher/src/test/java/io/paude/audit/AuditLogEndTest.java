package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditLog#ended}: the end of a stream, found by reading only the last bytes of its newest part. */
class AuditLogEndTest {
    private static final String EXEC = "{\"ev\":\"exec\",\"id\":1,\"t\":1.5,\"pid\":7,\"ppid\":1,\"uid\":1000,\"gid\":1000,"
            + "\"cwd\":\"/w\",\"prog\":\"/bin/true\",\"argv\":[\"true\"]}\n";
    private static final String END = "{\"ev\":\"end\",\"t\":2.5,\"code\":0}\n";

    @TempDir
    Path session;

    private AuditLog log(String... parts) throws Exception {
        Path raw = Files.createDirectories(session.resolve(AuditLog.RAW_DIR));
        for (int i = 0; i < parts.length; i++) {
            Files.writeString(raw.resolve(String.format("main.%06d", i)), parts[i]);
        }
        return new AuditLog(session);
    }

    @Test
    void noStreamYetHasNoEnd() throws Exception {
        AuditLog log = log();
        assertThat(log.ended(Recorder.MAIN)).isFalse();
    }

    @Test
    void aStreamStillWrittenHasNoEnd() throws Exception {
        AuditLog log = log(EXEC.repeat(40));
        assertThat(log.ended(Recorder.MAIN)).isFalse();
    }

    @Test
    void theEndIsFoundInTheNewestPartBehindALongLog() throws Exception {
        AuditLog log = log(EXEC.repeat(40), EXEC.repeat(40) + END);
        assertThat(log.ended(Recorder.MAIN)).isTrue();
    }

    @Test
    void anEndLineNotYetFinishedIsNotTheEnd() throws Exception {
        AuditLog log = log(EXEC + END.substring(0, END.length() - 1));
        assertThat(log.ended(Recorder.MAIN)).isFalse();
    }

    @Test
    void anEndAloneInTheFileIsFound() throws Exception {
        assertThat(log(END).ended(Recorder.MAIN)).isTrue();
    }

    @Test
    void anotherStreamsEndIsNotTheMainOnes() throws Exception {
        Path raw = Files.createDirectories(session.resolve(AuditLog.RAW_DIR));
        Files.writeString(raw.resolve("main.000000"), EXEC);
        Files.writeString(raw.resolve("exec-1.000000"), END);
        assertThat(new AuditLog(session).ended(Recorder.MAIN)).isFalse();
    }
}
