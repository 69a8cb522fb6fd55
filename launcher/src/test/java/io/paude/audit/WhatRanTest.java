package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.AuditSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of what the kernel executed ("ran"), of execs that never ran ("failed"), long arguments and drops. */
class WhatRanTest {
    static String exec(int id, String prog, String argv) {
        return "{\"ev\":\"exec\",\"id\":" + id + ",\"t\":1.5,\"pid\":9,\"ppid\":1,\"uid\":1000,\"gid\":1000,\"cwd\":\"/w\",\"prog\":\""
                + prog + "\",\"argv\":" + argv + "}";
    }

    static String ran(int id, String prog, String argv, boolean same) {
        return "{\"ev\":\"ran\",\"id\":" + id + ",\"t\":1.6,\"pid\":9,\"prog\":\"" + prog + "\",\"argv\":" + argv + ",\"same\":" + same + "}";
    }

    static Map<String, Object> one(String... lines) {
        List<AuditEvent> e = new RecordConverter("s").convert(List.of(lines));
        assertThat(e).hasSize(1);
        return e.get(0).fields();
    }

    @Test
    void theSameFileWithTheSameArgumentsAddsNothing() {
        assertThat(one(exec(1, "/bin/echo", "[\"echo\",\"a\"]"), ran(1, "/usr/bin/echo", "[\"echo\",\"a\"]", true)))
                .doesNotContainKeys("differs", "ran_program", "ran_argv", "interpreter", "failed");
    }

    @Test
    void anotherFileIsFlaggedWithWhatRan() {
        Map<String, Object> f = one(exec(1, "/tmp/race/D", "[\"t\",\"hit-D\"]"), ran(1, "/tmp/race/R", "[\"t\",\"hit-R\"]", false));
        assertThat(f).containsEntry("program", "/tmp/race/D").containsEntry("differs", true)
                .containsEntry("ran_program", "/tmp/race/R").containsEntry("ran_argv", List.of("t", "hit-R"));
        AuditEvent e = new RecordConverter("s").convert(List.of(exec(1, "/tmp/race/D", "[\"t\",\"hit-D\"]"),
                ran(1, "/tmp/race/R", "[\"t\",\"hit-R\"]", false))).get(0);
        assertThat(AuditLog.human(e)).contains("$ t hit-R").contains("<-- RAN /tmp/race/R, not what was asked: /tmp/race/D t hit-D");
        assertThat(e.failed()).isTrue();
    }

    @Test
    void otherArgumentsOfTheSameFileAreFlagged() {
        assertThat(one(exec(1, "/bin/echo", "[\"echo\",\"decoy\"]"), ran(1, "/usr/bin/echo", "[\"echo\",\"payload\"]", true)))
                .containsEntry("differs", true).containsEntry("ran_argv", List.of("echo", "payload"));
    }

    @Test
    void aScriptRunByItsInterpreterIsNoDifference() {
        Map<String, Object> f = one(exec(1, "/w/x.sh", "[\"x.sh\",\"a\"]"), ran(1, "/usr/bin/dash", "[\"/bin/sh\",\"/w/x.sh\",\"a\"]", false));
        assertThat(f).containsEntry("interpreter", "/usr/bin/dash").doesNotContainKey("differs");
    }

    @Test
    void anExecThatNeverRanIsMarkedFailed() {
        assertThat(one(exec(1, "/x", "[\"x\"]"), "{\"ev\":\"exit\",\"id\":1,\"t\":2.0,\"pid\":9,\"code\":127}",
                "{\"ev\":\"failed\",\"id\":1,\"t\":2.1}")).containsEntry("failed", true).containsEntry("exit", 127);
    }

    @Test
    void aLongArgumentKeepsItsLengthAndDigest() {
        String sha = "8e8234fb3aaab57b04ab305ed6d7aa5d08797bb86efcfd874d7d43fb833eedb2";
        Map<String, Object> f = one("{\"ev\":\"exec\",\"id\":1,\"t\":1.5,\"pid\":9,\"ppid\":1,\"uid\":1000,\"gid\":1000,\"cwd\":\"/w\","
                + "\"prog\":\"/bin/echo\",\"argv\":[\"echo\",\"000\"],\"long\":[{\"arg\":1,\"len\":5000,\"sha256\":\"" + sha + "\"}]}");
        assertThat(f.get("long")).isEqualTo(List.of(Map.of("arg", 1, "length", 5000L, "sha256", sha)));
        assertThat(AuditLog.human(new AuditEvent(java.time.Instant.EPOCH, AuditEvent.EXEC, f)))
                .contains("echo 000...[5000 bytes, sha256 " + sha + "]");
    }

    @Test
    void whatTheCapDroppedIsOneEvent(@TempDir Path dir) throws Exception {
        Path raw = Files.createDirectories(dir.resolve("paude-s").resolve(AuditLog.RAW_DIR));
        Files.writeString(raw.resolve("main.000000"), exec(1, "/bin/first", "[\"first\"]") + "\n");
        Files.writeString(raw.resolve("main.000007"), exec(900, "/bin/last", "[\"last\"]") + "\n");
        Files.writeString(raw.resolve("main.dropped"), "2155 1795942145.5 1795942150.25 9\n");
        List<AuditEvent> events = new AuditLog(dir.resolve("paude-s")).events();
        AuditEvent d = events.stream().filter(e -> e.type().equals(AuditEvent.DROPPED)).findFirst().orElseThrow();
        assertThat(d.fields()).containsEntry("stream", "main").containsEntry("execs", 2155L)
                .containsEntry("from", "2026-11-29T08:49:05.500Z").containsEntry("to", "2026-11-29T08:49:10.250Z");
        assertThat(AuditLog.human(d)).contains("DROPPED   2155 execs of stream main, recorded from 2026-11-29T08:49:05.500Z");
        assertThat(d.failed()).isTrue();
    }

    @Test
    void aForkBombTheSandboxEndedIsOneEvent() {
        List<AuditEvent> e = new RecordConverter("s").convert(List.of(
                "{\"ev\":\"killed\",\"t\":1795942145.5,\"pgrp\":25,\"procs\":56,\"refused_for_s\":5}"));
        assertThat(e).hasSize(1);
        assertThat(e.get(0).type()).isEqualTo(AuditEvent.KILLED);
        assertThat(e.get(0).fields()).containsEntry("pgrp", 25).containsEntry("processes", 56);
        assertThat(AuditLog.human(e.get(0))).contains("KILLED    56 processes of process group 25   <-- ended by the sandbox: "
                + "forks refused at the pids limit, where the session sat for 5 s: a fork bomb");
        assertThat(e.get(0).failed()).isTrue();
    }

    @Test
    void theRotationKeepsTheFirstPartAndSumsWhatItDrops() {
        String r = Recorder.rotation("main", new AuditSettings(64 * 1024, 50, 30));
        assertThat(r).contains("sort | tail -n +2 | head -n -2").contains("/run/paude-audit/log/main.dropped");
    }
}
