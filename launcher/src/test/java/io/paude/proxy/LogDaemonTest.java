package io.paude.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.audit.AuditSettings;
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
            return s.filter(f -> f.getFileName().toString().startsWith("access.log.")).sorted().toList();
        }
    }

    @Test
    void keepsTheNewestLinesInAtMostFourWholeLinePartsOfAQuarterOfTheCap() throws Exception {
        StringBuilder in = new StringBuilder("r4\nb0\n");
        for (int i = 0; i < 1000; i++) {
            in.append("L1796411806.544 10.213.7.2 GET http://flood").append(i).append(".invalid/").append("a".repeat(200))
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
            assertThat(Files.readAllLines(p)).allMatch(l -> l.startsWith("1796411806.544 ") && l.endsWith(" 403 TCP_DENIED -"));
        }
        assertThat(total).isLessThanOrEqualTo(CAP.maxBytes());
        assertThat(parts.get(0).getFileName().toString()).isNotEqualTo("access.log.000000"); // it rotated
        assertThat(AccessLog.lines(dir)).last().asString().contains("flood999.invalid");
        assertThat(AccessLog.lines(dir)).noneMatch(l -> l.contains("flood0.invalid") || l.startsWith("R") || l.startsWith("r4"));
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
