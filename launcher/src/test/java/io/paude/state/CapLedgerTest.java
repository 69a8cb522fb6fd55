package io.paude.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's shell run as the log writers run it: over parts in a directory. */
class CapLedgerTest {
    @TempDir
    Path dir;

    private void removeOldest() throws Exception {
        String cmd = CapLedger.removeOldest("ls -1 \"$D\" | grep -E '^log[.][0-9]+$'", "\"$D\"", "\"$D/log.dropped\"",
                "wc -l < $p", "cut -d' ' -f1");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true);
        pb.environment().put("D", dir.toString());
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    }

    private void part(int n, int firstTime, int lines) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(firstTime + i).append(".5 record\n");
        }
        Files.writeString(dir.resolve(String.format("log.%06d", n)), b);
    }

    @Test
    void keepsTheFirstPartAndTheNewestAndSumsWhatItRemovesAcrossRuns() throws Exception {
        part(0, 100, 3);
        part(1, 200, 4);
        part(2, 300, 5);
        part(3, 400, 6);
        removeOldest();   // the writer is about to start part 4: first + 2 newest stay
        assertThat(dir.resolve("log.000000")).exists();
        assertThat(dir.resolve("log.000001")).doesNotExist();
        assertThat(dir.resolve("log.000002")).exists();
        assertThat(Files.readString(dir.resolve("log.dropped")).trim()).isEqualTo("4 200.5 203.5 1");
        part(4, 500, 7);
        removeOldest();
        assertThat(dir.resolve("log.000000")).exists();
        assertThat(dir.resolve("log.000002")).doesNotExist();
        assertThat(dir.resolve("log.000003")).exists();
        // running totals: the first removed record stays the first, the last moves on
        assertThat(Files.readString(dir.resolve("log.dropped")).trim()).isEqualTo("9 200.5 304.5 2");
    }

    @Test
    void removesNothingWhileTheLogIsWithinItsCap() throws Exception {
        part(0, 100, 3);
        part(1, 200, 4);
        part(2, 300, 5);
        removeOldest();
        assertThat(dir.resolve("log.000001")).exists();
        assertThat(dir.resolve("log.dropped")).doesNotExist();
    }
}
