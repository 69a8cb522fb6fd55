package io.paude.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.policy.AgentKind;
import io.paude.policy.Allowlist;
import io.paude.policy.AuditSettings;
import io.paude.policy.Limits;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
    @TempDir
    Path ws;

    SandboxPolicy policy(NetworkMode mode) {
        return new SandboxPolicy(AgentKind.SHELL, ws, Allowlist.defaults(), mode, new Limits(1, 1024, 256, 1024, 64),
                List.of(), Map.of(), List.of("true"));
    }

    SessionContext ctx() {
        return new SessionContext("paude-test", new Subnet(7, 0), "agent:1", "proxy:1", "bridge", Path.of("/s/proxy"),
                Path.of("/s/log"), Path.of("/s/agent"), 1000, 1000, true, false, false, Path.of("/s/audit-raw"),
                new AuditSettings(64L * 1024 * 1024, 50, 30));
    }

    @Test
    void filteredAgentIsOnlyOnTheInternalNetworkAndUsesTheProxyByAddress() {
        SandboxPlan plan = Planner.plan(policy(NetworkMode.FILTERED), ctx());
        ContainerSpec agent = plan.agent();
        assertThat(plan.internalNetwork().orElseThrow().internal()).isTrue();
        assertThat(agent.network()).isEqualTo("paude-test-net");
        assertThat(agent.ip()).isEqualTo("10.213.7.2");
        assertThat(agent.env()).containsEntry("HTTPS_PROXY", "http://10.213.7.3:3128");
        assertThat(agent.mounts()).contains(io.paude.policy.Mount.readOnly(Path.of("/s/agent/resolv.conf"), "/etc/resolv.conf"));
        assertThat(plan.agentFiles().get("resolv.conf")).startsWith("nameserver 127.0.0.1");
        assertThat(plan.proxy().orElseThrow().capAdd()).isEmpty();
        assertThat(plan.proxy().orElseThrow().user()).isEqualTo("proxy");
        assertThat(agent.user()).isEqualTo("0:0");
        assertThat(agent.capAdd()).containsExactly("SETUID", "SETGID", "SETPCAP", "SYS_PTRACE");
        assertThat(agent.readOnlyRoot()).isTrue();
        assertThat(agent.mounts()).anySatisfy(m -> {
            assertThat(m.target()).isEqualTo(ws.toString());
            assertThat(m.readOnly()).isFalse();
        });
        assertThat(agent.labels()).containsEntry(Labels.SESSION, "paude-test");
        assertThat(plan.proxyFiles().get("squid.conf")).contains("acl agent src 10.213.7.2/32");
    }

    @Test
    void everyObjectOfASessionCarriesItsLaunchersPidFromThePlanItself() {
        SessionContext c = ctx();
        SessionContext launched = new SessionContext(c.session(), c.subnet(), c.agentImage(), c.proxyImage(), c.egressNetwork(),
                c.proxyConfigDir(), c.proxyLogDir(), c.agentConfigDir(), c.uid(), c.gid(), c.stdin(), c.tty(), c.detached(),
                c.auditDir(), c.audit(), c.proxyDns(), c.privateDestinations(), c.runtime(), 4242);
        SandboxPlan plan = Planner.plan(policy(NetworkMode.FILTERED), launched);
        assertThat(plan.internalNetwork().orElseThrow().labels()).containsEntry(Labels.LAUNCHER_PID, "4242");
        assertThat(plan.proxy().orElseThrow().labels()).containsEntry(Labels.LAUNCHER_PID, "4242");
        assertThat(plan.agent().labels()).containsEntry(Labels.LAUNCHER_PID, "4242");
        assertThat(Planner.network(policy(NetworkMode.FILTERED), launched)).isEqualTo(plan.internalNetwork());
        assertThat(Planner.plan(policy(NetworkMode.FILTERED), c).agent().labels()).doesNotContainKey(Labels.LAUNCHER_PID);
    }

    @Test
    void underGvisorOnlyTheAgentRunsOnRunscWithItsProfileAsRulesForTheRecorder() {
        SessionContext c = ctx();
        SessionContext gvisor = new SessionContext(c.session(), c.subnet(), c.agentImage(), c.proxyImage(), c.egressNetwork(),
                c.proxyConfigDir(), c.proxyLogDir(), c.agentConfigDir(), c.uid(), c.gid(), c.stdin(), c.tty(), c.detached(),
                c.auditDir(), c.audit(), c.proxyDns(), c.privateDestinations(), io.paude.policy.AgentRuntime.GVISOR);
        SandboxPlan plan = Planner.plan(policy(NetworkMode.FILTERED), gvisor);
        assertThat(plan.agent().runtime()).isEqualTo(io.paude.policy.AgentRuntime.GVISOR);
        assertThat(plan.proxy().orElseThrow().runtime()).isEqualTo(io.paude.policy.AgentRuntime.DEFAULT);
        assertThat(plan.agent().labels()).containsEntry(Labels.RUNTIME, "runsc");
        assertThat(plan.agentFiles()).containsEntry(SeccompProfile.RULES_FILE, SeccompProfile.rules());
        assertThat(plan.agent().mounts()).contains(io.paude.policy.Mount.readOnly(Path.of("/s/agent/" + SeccompProfile.RULES_FILE),
                io.paude.audit.Recorder.SECCOMP_RULES));
        assertThat(plan.agent().command()).contains("--ptrace", "--seccomp-rules", io.paude.audit.Recorder.SECCOMP_RULES);
        SandboxPlan runc = Planner.plan(policy(NetworkMode.FILTERED), c);
        assertThat(runc.agentFiles()).doesNotContainKey(SeccompProfile.RULES_FILE);
        assertThat(runc.agent().command()).doesNotContain("--ptrace");
        assertThat(runc.agent().labels()).containsEntry(Labels.RUNTIME, "default");
    }

    @Test
    void theProxyResolverGoesIntoSquidConfigAndNeverToTheAgent() {
        SessionContext c = ctx();
        SessionContext withDns = new SessionContext(c.session(), c.subnet(), c.agentImage(), c.proxyImage(), c.egressNetwork(),
                c.proxyConfigDir(), c.proxyLogDir(), c.agentConfigDir(), c.uid(), c.gid(), c.stdin(), c.tty(), c.detached(),
                c.auditDir(), c.audit(), new io.paude.policy.ProxyDns(List.of("10.0.0.53")));
        SandboxPlan plan = Planner.plan(policy(NetworkMode.FILTERED), withDns);
        assertThat(plan.proxyFiles().get("squid.conf")).contains("\ndns_nameservers 10.0.0.53\n");
        assertThat(plan.agentFiles().get("resolv.conf")).isEqualTo(Planner.RESOLV_CONF).doesNotContain("10.0.0.53");
        assertThat(Planner.plan(policy(NetworkMode.FILTERED), c).proxyFiles().get("squid.conf")).doesNotContain("dns_nameservers");
    }

    @Test
    void theAgentRunsUnderTheAuditRecorderAsItsUserWithoutCapabilities() {
        ContainerSpec agent = Planner.plan(policy(NetworkMode.FILTERED), ctx()).agent();
        // with a proxy, the agent's command waits for the launcher's word that the proxy is ready
        assertThat(agent.command()).containsExactly("/usr/local/bin/paude-recorder", "--ready", "/run/paude-audit/log/proxy-ready",
                "--uid", "1000", "--gid", "1000",
                "--log", agent.command().get(8),
                "--", "sh", "-c", "\"$@\"; rc=$?; kill -9 -1 2>/dev/null; exit $rc", "paude-agent", "true");
        // the main stream rotates within the cap, keeping its first part (audit/WhatRanTest has the rotation itself)
        assertThat(agent.command().get(8)).startsWith("exec split -C 16777216 -d -a 6 --filter='ls -1 /run/paude-audit/log | grep -E '\\''^main[.][0-9]+$'\\'' | sort | tail -n +2 | head -n -2 |")
                .endsWith("exec cat > \"$FILE\"' - /run/paude-audit/log/main.");
        assertThat(agent.tmpfs()).contains(new Tmpfs("/run/paude-audit", 1, "0700", 0, 0));
        assertThat(agent.mounts()).contains(io.paude.policy.Mount.readWrite(Path.of("/s/audit-raw"), "/run/paude-audit/log"));
        assertThat(agent.labels()).containsEntry(Labels.AGENT_USER, "1000:1000").containsEntry(Labels.AUDIT_MAX, "67108864");
    }

    @Test
    void theNetworkCreatedBeforeTheGuardsIsThePlansNetwork() {
        assertThat(Planner.network(policy(NetworkMode.FILTERED), ctx())).isEqualTo(Planner.plan(policy(NetworkMode.FILTERED), ctx()).internalNetwork())
                .hasValueSatisfying(n -> assertThat(n.labels()).containsEntry(Labels.ROLE, "network"));
        assertThat(Planner.network(policy(NetworkMode.OPEN), ctx())).isEmpty();
    }

    @Test
    void openModeHasNoProxyAndJoinsTheEgressNetwork() {
        SandboxPlan plan = Planner.plan(policy(NetworkMode.OPEN), ctx());
        assertThat(plan.proxy()).isEmpty();
        assertThat(plan.agent().command()).doesNotContain("--ready"); // nothing to wait for
        assertThat(plan.internalNetwork()).isEmpty();
        assertThat(plan.agent().network()).isEqualTo("bridge");
        assertThat(plan.agent().env()).doesNotContainKey("HTTPS_PROXY");
    }

    @Test
    void mountsBelowTheConfigDirectoryGetAnAgentOwnedConfigTmpfs() {
        assertThat(Planner.plan(policy(NetworkMode.FILTERED), ctx()).agent().tmpfs()).extracting(Tmpfs::path)
                .containsExactly("/tmp", "/home/paude", "/run/paude-audit");
        SandboxPolicy p = policy(NetworkMode.FILTERED).withMounts(List.of(
                io.paude.policy.Mount.readOnly(ws, "/home/paude/.config/gcloud")));
        assertThat(Planner.plan(p, ctx()).agent().tmpfs()).contains(new Tmpfs("/home/paude/.config", 64, "0700", 1000, 1000));
    }
}
