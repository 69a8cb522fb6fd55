package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.steps.support.AuditRecord;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import io.paude.steps.support.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The agent can neither read, alter nor delete the audit log: what it was told, and the log kept intact on the host. */
public class AuditTamperSteps {
    private final World world;
    private final AuditRecord audit;
    private Cmd.Result attempts;

    public AuditTamperSteps(World world, AuditRecord audit) {
        this.world = world;
        this.audit = audit;
    }

    @When("the agent tries to read, append to, truncate and delete its audit log")
    public void tamper() {
        // gVisor lists the descriptors of root's PID 1 to anyone (Linux does not); opening them is refused on both
        String procFd = KernelView.GVISOR
                ? "sh -c 'for f in /proc/1/fd/[1-9]*; do echo forged >> \"$f\" || exit 1; done'" : "ls /proc/1/fd";
        attempts = world.inAgent(AuditRecord.tamperingWith(AuditRecord.LOG) + "a list ls /run/paude-audit; a proc-fd " + procFd
                + "; a proc-root ls /proc/1/root/run/paude-audit; true");
    }

    @Then("every attempt fails with {string}")
    public void everyAttemptFails(String reason) {
        Map<String, String> s = AuditRecord.sections(attempts.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete", "list", "proc-fd", "proc-root");
        s.forEach((k, v) -> assertThat(v).as(k).contains(reason).doesNotContain("rc=0"));
    }

    @Then("the agent can read, append to, truncate and delete a file of its own in \\/tmp")
    public void ownFile() {
        Cmd.Result r = world.inAgent("echo mine > /tmp/own.log; " + AuditRecord.tamperingWith("/tmp/own.log") + "true");
        Map<String, String> s = AuditRecord.sections(r.out());
        assertThat(s.keySet()).contains("read", "append", "truncate", "delete");
        s.forEach((k, v) -> assertThat(v).as(k).contains("rc=0").doesNotContain("denied"));
    }

    @Then("the audit log on the host still records {string} and the tampering attempts")
    public void intact(String argv) throws IOException {
        audit.recorded(argv);
        audit.recorded("truncate -s 0 " + AuditRecord.LOG);
        audit.recorded("rm -f " + AuditRecord.LOG);
        Path main = world.sessionDir(world.session).resolve("audit-raw/main.000000");
        assertThat(Files.size(main)).isPositive();
        // the stream still begins with the agent's first exec, and nothing the agent wrote is in it
        assertThat(Files.readString(main)).startsWith("{\"ev\":\"exec\",\"id\":1,").doesNotContain("forged");
    }

    @Then("the engine reports the log directory under a root-only tmpfs, mounted from the session's state directory")
    public void engineMount() {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.mountAt("/run/paude-audit/log").source()).isEqualTo(world.sessionDir(world.session).resolve("audit-raw").toString());
        assertThat(agent.tmpfsAt("/run/paude-audit")).containsPattern("(^|,)mode=0700");
    }
}
