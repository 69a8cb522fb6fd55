package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordConverterTest {
    List<String> raw = List.of(
            "{\"ev\":\"exec\",\"id\":1,\"t\":1795942145.936442,\"pid\":11,\"ppid\":7,\"uid\":1000,\"gid\":1000,"
                    + "\"cwd\":\"/ws\",\"prog\":\"/usr/bin/bash\",\"argv\":[\"bash\",\"-c\",\"cd sub; id\"]}",
            "{\"ev\":\"exec\",\"id\":2,\"t\":1795942145.938570,\"pid\":13,\"ppid\":11,\"uid\":1000,\"gid\":1000,"
                    + "\"cwd\":\"/ws/sub\",\"prog\":\"/usr/bin/id\",\"argv\":[\"id\",\"a\\\"b\",\"\u00e9\"]}",
            "{\"ev\":\"exec\",\"id\":3,\"t\":1795942145.939100,\"pid\":13,\"ppid\":11,\"uid\":1000,\"gid\":1000,"
                    + "\"cwd\":\"/ws/sub\",\"prog\":\"/bin/echo\",\"argv\":[\"innocent\",\"x\"],\"cut\":true}",
            "{\"ev\":\"exit\",\"id\":3,\"t\":1795942145.939500,\"pid\":13,\"code\":3}",
            "{\"ev\":\"exit\",\"id\":1,\"t\":1795942145.940000,\"pid\":11,\"signal\":9}",
            "{\"ev\":\"end\",\"t\":1795942145.940100,\"signal\":9}",
            "{\"ev\":\"exec\",\"id\":4,\"t\":17959421");

    @Test
    void execsWithParentCwdAndEnd() {
        List<AuditEvent> events = new RecordConverter("paude-x").convert(raw);
        assertThat(events).hasSize(3);
        assertThat(AuditLog.json(events.get(0))).isEqualTo("{\"time\":\"2026-11-29T08:49:05.936Z\",\"type\":\"exec\","
                + "\"session\":\"paude-x\",\"pid\":11,\"ppid\":7,\"program\":\"/usr/bin/bash\",\"argv\":[\"bash\",\"-c\",\"cd sub; id\"],"
                + "\"cwd\":\"/ws\",\"user\":\"1000:1000\",\"exit\":null,\"signal\":\"SIGKILL\"}");
        assertThat(events.get(1).fields()).containsEntry("pid", 13).containsEntry("ppid", 11).containsEntry("cwd", "/ws/sub")
                .containsEntry("program", "/usr/bin/id").containsEntry("argv", List.of("id", "a\"b", "\u00e9"))
                .containsEntry("exit", null).containsEntry("replaced", true);
        assertThat(events.get(2).fields()).containsEntry("argv", List.of("innocent", "x")).containsEntry("exit", 3)
                .containsEntry("cut", true);
        assertThat(events.get(2).failed()).isTrue();
    }

    @Test
    void anEndWithoutStatusLeavesExitAndSignalNull() {
        List<AuditEvent> e = new RecordConverter("s").convert(List.of(
                "{\"ev\":\"exec\",\"id\":1,\"t\":1.5,\"pid\":9,\"ppid\":1,\"uid\":1000,\"gid\":1000,\"cwd\":\"/\",\"prog\":\"/x\",\"argv\":[]}",
                "{\"ev\":\"exit\",\"id\":1,\"t\":2.0,\"pid\":9}"));
        assertThat(e.get(0).fields()).containsEntry("exit", null).containsEntry("signal", null);
        assertThat(e.get(0).time()).isEqualTo(java.time.Instant.ofEpochSecond(1, 500_000_000));
    }

    @Test
    void aStreamEndsWithTheRecordersEndLine() {
        assertThat(RecordConverter.isEnd(raw.get(5))).isTrue();
        assertThat(RecordConverter.isEnd(raw.get(4))).isFalse();
        assertThat(RecordConverter.isEnd(raw.get(6))).isFalse();
        assertThat(RecordConverter.isEnd("{\"ev\":\"end\",\"t\":17")).as("cut while written").isFalse();
    }

    @Test
    void proxyLines() {
        List<AuditEvent> e = ProxyLogConverter.convert("s", List.of(
                "1795942145.934 10.213.7.2 CONNECT evil.com:443 403 TCP_DENIED -",
                "1795942146.000 10.213.7.2 GET http://example.com/x 200 TCP_MISS 172.18.0.5"));
        assertThat(e.get(0).fields()).containsEntry("host", "evil.com").containsEntry("decision", "denied").containsEntry("status", 403);
        assertThat(e.get(1).fields()).containsEntry("host", "example.com").containsEntry("decision", "allowed");
        assertThat(AuditLog.human(e.get(0))).contains("DENIED").contains("CONNECT evil.com:443");
    }

    @Test
    void theReadableLineShowsTheAgentsControlCharactersEscapedOnOneLine() {
        List<AuditEvent> e = new RecordConverter("s").convert(List.of(
                "{\"ev\":\"exec\",\"id\":1,\"t\":1.5,\"pid\":9,\"ppid\":1,\"uid\":1000,\"gid\":1000,"
                        + "\"cwd\":\"/ws/d\\u001b[2K\",\"prog\":\"/bin/echo\","
                        + "\"argv\":[\"echo\",\"\\u001b]0;pwned\\u0007\",\"ok\\rhidden\",\"x\\npaude: all clear\",\"\u009b2J\"]}"));
        String line = AuditLog.human(e.get(0));
        assertThat(line).endsWith("/ws/d\\x1b[2K$ echo \\x1b]0;pwned\\x07 ok\\rhidden x\\npaude: all clear \\u009b2J")
                .doesNotContain("\n", "\r", "\u001b", "\u0007", "\u009b");
        assertThat(AuditLog.json(e.get(0))).contains("\"argv\":[\"echo\",\"\\u001B]0;pwned\\u0007\",\"ok\\rhidden\","
                + "\"x\\npaude: all clear\",\"\\u009B2J\"]");
    }
}
