package io.paude.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.AuditSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log daemon run as squid runs it: fed squid's protocol on its standard input, the log's path as its argument. */
class LogDaemonTest {
    static final AuditSettings CAP = new AuditSettings(64 * 1024, 1, 1);

    @TempDir
    Path dir;

    /** Runs the script under a parent shell that stands in for squid, feeding it {@code input}. */
    private void feed(String input) throws IOException, InterruptedException {
        Path script = dir.resolve(LogDaemon.FILE);
        Files.writeString(script, LogDaemon.script(CAP));
        Path logs = Files.createDirectories(dir.resolve(AccessLog.DIR));
        Files.writeString(logs.resolve("cache.log"), "small\n");
        Process p = new ProcessBuilder("sh", "-c", "sh \"$0\" \"$1\"; echo done", script.toString(),
                logs.resolve("access.log").toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("done\n");
    }

    private List<Path> parts() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(AccessLog.DIR))) {
            return s.filter(f -> f.getFileName().toString().matches("access\\.log\\.\\d+")).sorted().toList();
        }
    }

    @Test
    void keepsTheFirstAndTheNewestLinesInAtMostFourWholeLinePartsOfAQuarterOfTheCapAndCountsWhatItRemoved() throws Exception {
        StringBuilder in = new StringBuilder("r4\nb0\n");
        for (int i = 0; i < 1000; i++) {
            in.append("L").append(1796411806 + i).append(".544 10.213.7.2 GET http://flood").append(i).append(".invalid/").append("a".repeat(200))
                    .append(" 403 TCP_DENIED -\n");
            if (i % 100 == 0) {
                in.append("R\nF\n"); // squid's rotate and flush: the daemon rotates by size alone
            }
        }
        feed(in.toString());
        List<Path> parts = parts();
        assertThat(parts).hasSize(4);
        long total = 0;
        for (Path p : parts) {
            total += Files.size(p);
            assertThat(Files.size(p)).isLessThanOrEqualTo(CAP.chunkBytes());
            assertThat(Files.readAllLines(p)).allMatch(l -> l.matches("17964\\d+\\.544 .*") && l.endsWith(" 403 TCP_DENIED -"));
        }
        assertThat(total).isLessThanOrEqualTo(CAP.maxBytes());
        assertThat(parts.get(0).getFileName().toString()).isEqualTo("access.log.000000"); // the start is kept
        assertThat(parts.get(1).getFileName().toString()).isNotEqualTo("access.log.000001"); // it rotated
        List<String> lines = AccessLog.lines(dir);
        assertThat(lines).first().asString().contains("flood0.invalid");
        assertThat(lines).last().asString().contains("flood999.invalid");
        assertThat(lines).noneMatch(l -> l.contains("flood500.invalid") || l.startsWith("R") || l.startsWith("r4"));
        // the ledger: every line not in a kept part, from the first removed (the one after the first part) to the last
        String[] ledger = Files.readString(dir.resolve(AccessLog.DIR).resolve(AccessLog.DROPPED)).trim().split(" ");
        int kept = lines.size();
        assertThat(Long.parseLong(ledger[0])).isEqualTo(1000 - kept);
        int firstPart = Files.readAllLines(parts.get(0)).size();
        assertThat(ledger[1]).isEqualTo((1796411806 + firstPart) + ".544");
        int firstOfNewer = Integer.parseInt(Files.readAllLines(parts.get(1)).get(0).replaceAll(".*http://flood(\\d+)\\.invalid.*", "$1"));
        assertThat(ledger[2]).isEqualTo((1796411806 + firstOfNewer - 1) + ".544");
        assertThat(Integer.parseInt(ledger[3])).isEqualTo(Integer.parseInt(parts.get(1).getFileName().toString().substring(11)) - 1);
    }

    @Test
    void aRestartedSquidGoesOnNumberingSoTheOldestPartIsStillTheFirst() throws Exception {
        String line = "L1796411806.544 10.213.7.2 GET http://x.invalid/" + "a".repeat(1000) + " 403 TCP_DENIED -\n";
        feed(line.repeat(40));
        String newest = parts().get(parts().size() - 1).getFileName().toString();
        feed(line.repeat(2).replace("x.invalid", "after-restart.invalid"));
        List<Path> parts = parts();
        assertThat(parts.get(parts.size() - 1).getFileName().toString()).isGreaterThan(newest);
        assertThat(AccessLog.lines(dir)).last().asString().contains("after-restart.invalid");
    }
}
