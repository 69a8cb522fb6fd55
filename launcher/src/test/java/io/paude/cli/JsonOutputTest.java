package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineException;
import io.paude.runtime.EngineKind;
import io.paude.session.SessionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --json} of {@code list} and {@code doctor}: the documented field names, and JSON any reader parses. */
class JsonOutputTest {
    @Test
    void aSessionHasTheDocumentedFieldsInOrderAndAnAgentChosenWorkspaceStaysJson() throws Exception {
        var fields = ListCommand.fields(new SessionInfo("paude-1a2b3c4d", "/home/u/p\u001b]0;x\u0007", "filtered", "running", "running"));
        assertThat(new ArrayList<>(fields.keySet())).containsExactly("session", "mode", "agent", "proxy", "workspace");
        String json = io.paude.SafeJson.pretty(java.util.Map.of("sessions", List.of(fields)));
        assertThat(json).doesNotContain("\u001b").doesNotContain("\u0007");
        JsonNode s = new ObjectMapper().readTree(json).get("sessions").get(0);
        assertThat(s.get("session").asText()).isEqualTo("paude-1a2b3c4d");
        assertThat(s.get("workspace").asText()).isEqualTo("/home/u/p\u001b]0;x\u0007");
    }

    /** An engine that does not answer: doctor's JSON names the failed check with its fix, and the checks that passed. */
    @Test
    void doctorPrintsItsChecksAsJsonAndNothingElse(@TempDir Path ws) throws Exception {
        ContainerEngine dead = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ContainerEngine.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "kind" -> EngineKind.DOCKER;
                    case "serverVersion" -> throw new EngineException("docker is not running", "start docker");
                    default -> throw new AssertionError("doctor asked a dead engine " + method.getName());
                });
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine(e -> dead).setOut(new PrintWriter(out));
        int code = cl.execute("doctor", "--json", "--engine", "docker", "--workspace", ws.toString());
        assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("ok").asBoolean(true)).isFalse();
        List<String> statuses = new ArrayList<>();
        doc.get("checks").forEach(c -> {
            assertThat(c.fieldNames()).toIterable().containsExactly("status", "what", "fix");
            statuses.add(c.get("status").asText() + " " + c.get("what").asText() + (c.get("fix").isNull() ? "" : " / " + c.get("fix").asText()));
        });
        assertThat(statuses).contains("ok configuration readable", "fail docker is not running / start docker");
        assertThat(out.toString()).doesNotContain("FAIL  ");
    }
}
