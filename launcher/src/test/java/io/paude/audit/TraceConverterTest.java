package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceConverterTest {
    List<String> trace = List.of(
            "11    1795942145.934689 execve(\"/usr/bin/setpriv\", [\"setpriv\", \"--reuid=1000\", \"--\", \"bash\", \"-c\", \"cd sub; id\"], 0x7ffe /* 11 vars */) = 0",
            "11    1795942145.936335 execve(0x7fff57254070, 0x7fff572543b0, 0x7fff572543d0) = -1 ENOENT (No such file or directory)",
            "11    1795942145.936442 execve(0x7fff57254070, 0x7fff572543b0, 0x7fff572543d0) = 0",
            "11    1795942145.937000 chdir(\"sub\") = 0",
            "11    1795942145.938181 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>",
            "13    1795942145.938570 execve(\"/usr/bin/id\", [\"id\", \"a\\\"b\", \"\\303\\251\"], 0x55 /* 14 vars */) = 0",
            "11    1795942145.938600 <... clone resumed>, child_tidptr=0x7f4cb58a2a10) = 13",
            "13    1795942145.939000 +++ exited with 3 +++",
            "11    1795942145.940000 +++ killed by SIGKILL +++");

    @Test
    void execsWithParentCwdAndEnd() {
        List<AuditEvent> events = new TraceConverter("paude-x", "1000:1000", "/ws").convert(trace);
        assertThat(events).hasSize(2);
        assertThat(AuditLog.json(events.get(0))).isEqualTo("{\"time\":\"2026-11-29T08:49:05.936Z\",\"type\":\"exec\","
                + "\"session\":\"paude-x\",\"pid\":11,\"ppid\":null,\"program\":\"bash\",\"argv\":[\"bash\",\"-c\",\"cd sub; id\"],"
                + "\"cwd\":\"/ws\",\"user\":\"1000:1000\",\"exit\":null,\"signal\":\"SIGKILL\"}");
        assertThat(events.get(1).fields()).containsEntry("pid", 13).containsEntry("ppid", 11).containsEntry("cwd", "/ws/sub")
                .containsEntry("program", "/usr/bin/id").containsEntry("argv", List.of("id", "a\"b", "\u00e9"))
                .containsEntry("exit", 3);
        assertThat(events.get(1).failed()).isTrue();
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
}
