package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.audit.AuditEvent;
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

/** A masked name that holds another inode than at the start was replaced: its mask is gone, and that is said. */
class MaskCheckTest {
    @TempDir
    Path ws;
    @TempDir
    Path session;

    @Test
    void aRenameOverAMaskedFileIsSeenAWriteInPlaceIsNot() throws IOException {
        Files.writeString(ws.resolve(".env"), "A=1");
        Files.createDirectories(ws.resolve("k"));
        Files.writeString(ws.resolve("k/id_rsa"), "k");
        MaskCheck.record(session, ws, List.of(Path.of(".env"), Path.of("k/id_rsa")));
        Files.writeString(ws.resolve("k/id_rsa"), "rewritten in place");
        assertThat(MaskCheck.replaced(session, ws)).isEmpty();
        Files.writeString(ws.resolve(".env.swp"), "A=2");
        Files.move(ws.resolve(".env.swp"), ws.resolve(".env"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(MaskCheck.replaced(session, ws)).containsExactly(".env");
        Files.delete(ws.resolve("k/id_rsa"));
        assertThat(MaskCheck.replaced(session, ws)).as("a removed file has nothing left to read").containsExactly(".env");
    }

    @Test
    void theWarningNamesTheFileAndTheTimelineHoldsItOnce() throws IOException {
        Files.writeString(ws.resolve(".env"), "A=1");
        MaskCheck.record(session, ws, List.of(Path.of(".env")));
        Files.writeString(ws.resolve(".env.tmp"), "A=2");
        Files.move(ws.resolve(".env.tmp"), ws.resolve(".env"), StandardCopyOption.REPLACE_EXISTING);
        StringWriter out = new StringWriter();
        MaskCheck.check("paude-1", session, ws, new PrintWriter(out));
        MaskCheck.check("paude-1", session, ws, new PrintWriter(out));
        assertThat(out.toString()).contains("NOT MASKED ANY MORE: .env of session paude-1").contains("paude stop paude-1");
        List<AuditEvent> events = new AuditLog(session).events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(AuditEvent.UNMASKED);
        assertThat(events.get(0).fields()).containsEntry("file", ".env");
        assertThat(AuditLog.human(events.get(0))).contains("UNMASKED").contains(".env");
    }

    @Test
    void nothingReplacedSaysNothing() throws IOException {
        Files.writeString(ws.resolve(".env"), "A=1");
        MaskCheck.record(session, ws, List.of(Path.of(".env")));
        StringWriter out = new StringWriter();
        assertThat(MaskCheck.check("paude-1", session, ws, new PrintWriter(out))).isEmpty();
        assertThat(out.toString()).isEmpty();
        assertThat(new AuditLog(session).events()).isEmpty();
    }

    @Test
    void aNameSeenRemovedAndMadeAgainIsReplacedWhateverItsInode() throws IOException {
        Files.writeString(ws.resolve(".env"), "A=1");
        MaskCheck.record(session, ws, List.of(Path.of(".env")));
        assertThat(MaskCheck.replaced(session, ws, java.util.Set.of(".env"))).containsExactly(".env");
    }
}
