package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.paude.policy.Allowlist;
import io.paude.policy.RegistryAliases;
import io.paude.steps.support.Cmd;
import io.paude.steps.support.ContainerEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Package installation controls (task 12): read-only image, registries refused by default, opt-in aliases, logs. */
public class PackageSteps {
    private final World world;
    private String[] sandboxArgs = new String[0];
    private long installMillis;
    private long registryLinesBefore;

    public PackageSteps(World world) {
        this.world = world;
    }

    /** Trust the fixture CAs (the bundle in the workspace) for npm and pip, as a user behind a TLS proxy would. */
    private String trustFixtures() {
        String ca = world.workspace.dir().resolve(World.CA_FILE).toString();
        return "export NODE_EXTRA_CA_CERTS=" + ca + " PIP_CERT=" + ca + "; ";
    }

    @Given("a sandbox that allows {string}")
    public void sandboxAllowing(String aliases) {
        List<String> a = new ArrayList<>();
        for (String alias : aliases.split(" ")) {
            a.addAll(List.of("--allow-domain", alias));
        }
        sandboxArgs = a.toArray(String[]::new);
        world.startSandbox(sandboxArgs);
    }

    @Then("the engine reports a read-only root with tmpfs only at \\/tmp, at the agent's home and for the audit recorder")
    public void readOnlyRoot() {
        ContainerEvidence agent = world.agentEvidence();
        assertThat(agent.readOnlyRoot()).isTrue();
        // ~/.config is a tmpfs of its own when read-only credentials are mounted below it (CredentialsGuard): still
        // the agent's home, gone with the session. /run/paude-audit is the audit recorder's root-only 0700 directory.
        assertThat(agent.tmpfs().keySet())
                .contains("/home/paude", "/tmp", "/run/paude-audit")
                .allMatch(t -> t.equals("/tmp") || t.equals("/run/paude-audit") || t.startsWith("/home/paude"));
        // writable: the workspace, the session's copy of the agent configuration (task 7), the recorder's log (task 8)
        assertThat(agent.writableDestinations()).containsExactlyInAnyOrder(world.workspace.dir().toString(),
                "/home/paude/.claude", "/run/paude-audit/log");
    }

    @Then("writing to \\/usr\\/local\\/lib, \\/usr\\/lib\\/python3\\/dist-packages, \\/usr\\/bin, \\/etc and \\/opt fails with {string}")
    public void writesFail(String reason) {
        List<String> dirs = List.of("/usr/local/lib", "/usr/lib/python3/dist-packages", "/usr/bin", "/etc", "/opt");
        Map<String, String> writes = world.fromAgent().writeEach(dirs.stream().map(d -> d + "/paude-probe").toList());
        // gVisor's kernel checks the directory's permission before the mount's read-only flag: the agent, not their
        // owner, gets EACCES there; the world-writable /var/tmp below shows the read-only root on both kernels
        String rootOwned = io.paude.steps.support.KernelView.GVISOR ? "Permission denied" : reason;
        assertThat(writes.values()).as("%s", writes).allSatisfy(l -> assertThat(l).endsWith(rootOwned));
        Cmd.Result sticky = world.inAgent("stat -c %a /var/tmp; touch /var/tmp/paude-probe 2>&1");
        assertThat(sticky.out().lines().toList()).as("%s", sticky).hasSize(2).startsWith("1777").last()
                .satisfies(l -> assertThat(l).endsWith(reason));
    }

    @Then("writing to \\/tmp, the agent's home and the workspace succeeds")
    public void writesSucceed() {
        Cmd.Result r = world.inAgent("touch /tmp/probe ~/probe " + world.workspace.dir() + "/probe && echo written");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("written");
    }

    @When("the agent installs the npm package {string} globally")
    public void npmGlobal(String pkg) {
        world.inAgent(trustFixtures() + "ls /usr/local/lib/node_modules > /tmp/before; npm install -g " + pkg + " 2>&1; "
                + "echo rc=$?; ls /usr/local/lib/node_modules | diff /tmp/before - && echo unchanged");
    }

    @Then("the install failed and nothing was added under \\/usr\\/local\\/lib\\/node_modules")
    public void globalFailed() {
        String out = world.agent.out();
        assertThat(out).as("%s", world.agent).doesNotContain("rc=0").contains("unchanged")
                // it failed writing the image, not fetching: the registry answered
                .contains("/usr/local/lib/node_modules/paude-demo").doesNotContain("403");
    }

    @When("the agent installs the {word} package {string} into its home")
    public void install(String kind, String pkg) {
        registryLinesBefore = world.internet().registryLog().lines().count();
        String cmd = switch (kind) {
            case "npm" -> "mkdir -p ~/app && cd ~/app && npm install " + pkg + " 2>&1 && node -e 'console.log(require(\"" + pkg + "\"))'";
            case "pypi" -> "pip install --target ~/pylib " + pkg + " 2>&1 && PYTHONPATH=~/pylib python3 -c "
                    + "'import " + pkg.replace('-', '_') + " as m; print(m.GREETING)'";
            default -> throw new IllegalArgumentException("unknown package kind " + kind);
        };
        long t0 = System.nanoTime();
        world.inAgent(trustFixtures() + cmd);
        installMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @Then("the install succeeded and the package says {string}")
    public void installed(String greeting) {
        assertThat(world.agent.exit()).as("%s", world.agent).isZero();
        assertThat(world.agent.out().lines().toList()).contains(greeting);
    }

    @Then("the install failed within {int} seconds")
    public void failedFast(int seconds) {
        assertThat(world.agent.exit()).as("%s", world.agent).isNotZero();
        assertThat(installMillis).isLessThan(seconds * 1000L);
    }

    @Then("the tool's output shows the proxy's refusal {string}")
    public void toolSays(String text) {
        assertThat(world.agent.out()).contains(text);
    }

    @Then("paude named the registry {string} and the fix {string}")
    public void paudeNamed(String host, String fix) {
        assertThat(world.agent.err()).as("%s", world.agent).contains("blocked the").contains(host).contains(fix);
    }

    @Then("the registry received no request")
    public void registryUntouched() {
        assertThat(world.internet().registryLog().lines().count()).isEqualTo(registryLinesBefore);
    }

    @Then("the refusal page names the registry aliases")
    public void pageNamesAliases() {
        assertThat(world.agent.out()).contains("--allow-domain npm").contains(RegistryAliases.all().keySet());
    }

    @When("the session is stopped and a new one started on the same workspace with the same allowlist")
    public void nextSession() {
        world.inAgent("echo kept > " + world.workspace.dir() + "/marker");
        String first = world.session;
        Cmd.Result stop = world.runPaude(List.of("stop", first));
        assertThat(stop.exit()).as("%s", stop).isZero();
        world.startSandbox(sandboxArgs);
        assertThat(world.session).isNotEqualTo(first);
    }

    @Then("neither package is present in the new session")
    public void absent() {
        Cmd.Result r = world.inAgent("cat " + world.workspace.dir() + "/marker; ls -d ~/app ~/pylib 2>&1; cd /tmp; "
                + "node -e 'require(\"paude-demo\")' 2>&1 | grep -o \"Cannot find module 'paude-demo'\"; "
                + "python3 -c 'import paude_demo' 2>&1 | grep -o \"No module named 'paude_demo'\"; "
                + "ls /usr/local/lib/node_modules | grep -c paude-demo");
        // positive control: the workspace (the user's project) is the same and kept its file
        assertThat(r.out().lines().toList()).as("%s", r).containsExactly("kept",
                "ls: cannot access '/home/paude/app': No such file or directory",
                "ls: cannot access '/home/paude/pylib': No such file or directory",
                "Cannot find module 'paude-demo'", "No module named 'paude_demo'", "0");
    }

    @Then("the session's allowlist is the default one plus exactly {string}")
    public void allowlist(String hosts) throws Exception {
        JsonNode record = new ObjectMapper().readTree(world.sessionDir(world.session).resolve("session.json").toFile());
        List<String> actual = new ArrayList<>();
        record.get("allowlist").forEach(n -> actual.add(n.asText()));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(Allowlist.defaults().plus(List.of(hosts.split(" "))).asStrings());
    }

    @Then("the registry served {string} to the session")
    public void registryServed(String path) {
        assertThat(world.internet().registryLog()).contains("path=" + path + " status=200");
    }

    @Then("paude's summary at the stop named the registry {string} and the fix {string}")
    public void summaryAtStop(String host, String fix) {
        assertThat(world.launched.err()).as("%s", world.launched).contains("blocked the").contains(host).contains(fix);
    }
}
