package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.audit.AuditLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While paude run's agent works, a rename over a masked file is warned about once, well before the 2 s look. */
class MaskWatchTest {
    @TempDir
    Path ws;
    @TempDir
    Path session;

    @Test
    void anEditorsSaveIsWarnedAboutAtOnceAndOnce() throws Exception {
        Files.createDirectories(ws.resolve("app"));
        Files.writeString(ws.resolve("app/.env"), "A=1");
        Files.writeString(ws.resolve("notes.txt"), "n");
        MaskCheck.record(session, ws, List.of(Path.of("app/.env")));
        StringWriter out = new StringWriter();
        MaskWatch watch = MaskWatch.start("paude-1", session, ws, new PrintWriter(out, true));
        try {
            Thread.sleep(300); // the watch is set
            Files.writeString(ws.resolve("notes.txt"), "changed"); // not masked: nothing to say
            Files.writeString(ws.resolve("app/.env.tmp"), "A=2");
            long saved = System.nanoTime();
            Files.move(ws.resolve("app/.env.tmp"), ws.resolve("app/.env"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            while (!out.toString().contains("NOT MASKED") && System.nanoTime() - saved < 5_000_000_000L) {
                Thread.sleep(10);
            }
            assertThat((System.nanoTime() - saved) / 1_000_000).as("ms until the warning").isLessThan(1500);
            Thread.sleep(2500); // one periodic look later: still one warning
        } finally {
            watch.stop();
        }
        assertThat(out.toString()).contains("NOT MASKED ANY MORE: app/.env of session paude-1").doesNotContain("notes.txt");
        assertThat(out.toString().split("NOT MASKED", -1)).hasSize(2);
        assertThat(new AuditLog(session).notices()).hasSize(1);
    }

    @Test
    void noMasksNoWatch() throws IOException {
        MaskCheck.record(session, ws, List.of());
        assertThat(MaskWatch.start("paude-1", session, ws, new PrintWriter(new StringWriter()))).isNull();
    }
}
