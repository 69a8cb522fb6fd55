package io.paude.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.guard.Guards;
import io.paude.plan.ContainerSpec;
import io.paude.plan.ImageRefs;
import io.paude.plan.Labels;
import io.paude.plan.NetworkSpec;
import io.paude.policy.AgentKind;
import io.paude.policy.AgentRuntime;
import io.paude.policy.Allowlist;
import io.paude.policy.Limits;
import io.paude.policy.NetworkMode;
import io.paude.policy.Refusal;
import io.paude.policy.SandboxPolicy;
import io.paude.runtime.EngineException;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exit path of a start, over a {@link FakeEngine}: the agent's end, a guard's refusal (before the start and
 * alongside it), an engine error, a missing image, Ctrl-C or SIGTERM (the shutdown hook), a proxy that dies before it
 * is ready or while the agent works. Each leaves nothing behind and says why.
 */
@Timeout(60)
class SessionLauncherTest {
    @TempDir
    Path home;
    @TempDir
    Path workspace;

    final FakeEngine engine = new FakeEngine();
    final StringWriter err = new StringWriter();
    final TestHooks hooks = new TestHooks();
    final List<Guard> guards = new ArrayList<>();

    /** The shutdown hooks of a launcher that a test ends: {@link #fire} runs the hook as the JVM would. */
    static final class TestHooks implements ShutdownHooks {
        final List<Thread> added = new ArrayList<>();
        volatile boolean shuttingDown;

        @Override
        public synchronized void add(Thread hook) {
            added.add(hook);
        }

        @Override
        public synchronized void remove(Thread hook) {
            if (shuttingDown) {
                throw new IllegalStateException("Shutdown in progress");
            }
            added.remove(hook);
        }

        /** Ctrl-C or SIGTERM: the JVM starts every hook, and no hook can be removed any more. */
        synchronized void fire() {
            shuttingDown = true;
            added.forEach(Thread::start);
        }
    }

    SessionService service() {
        StatePaths paths = new StatePaths(home, home.resolve("state"), home.resolve("config"));
        return new SessionService(engine, paths, new ImageRefs("paude-agent:test", "paude-proxy:test"), new PrintWriter(err, true),
                new Random(7), new Guards(guards), hooks);
    }

    SandboxPolicy policy(NetworkMode mode) {
        return new SandboxPolicy(AgentKind.SHELL, workspace, Allowlist.defaults(), mode, new Limits(1, 1024, 256, 1024, 64),
                List.of(), Map.of(), List.of("true"));
    }

    LaunchOptions launch(NetworkMode mode) {
        return Launches.of(policy(mode));
    }

    Path sessions() {
        return home.resolve("state/sessions");
    }

    List<Path> sessionDirs() throws Exception {
        if (!Files.isDirectory(sessions())) {
            return List.of();
        }
        try (var s = Files.list(sessions())) {
            return s.toList();
        }
    }

    ContainerSpec made(String role) {
        return engine.containersMade().stream().filter(c -> role.equals(c.labels().get(Labels.ROLE))).findFirst().orElseThrow();
    }

    @Test
    void theAgentsExitCodeIsTheRunsAndTheWholeSessionIsRemoved() throws Exception {
        engine.agent = (e, spec) -> 3;

        assertThat(service().run(launch(NetworkMode.FILTERED))).isEqualTo(3);

        assertThat(engine.leftBehind()).isEmpty();
        assertThat(engine.agentCommandRan).isTrue();
        assertThat(err.toString()).contains("paude: limits: ").doesNotContain("audit recorder");
        assertThat(sessionDirs()).singleElement().satisfies(d -> assertThat(d.resolve("session.json")).exists());
        assertThat(hooks.added).as("the shutdown hook is removed again").isEmpty();
    }

    @Test
    void thePlanIsMadeOnceForTheSubnetTheNetworkGotAndCarriesTheLaunchersPid() {
        engine.subnetsTaken = 1;

        service().run(launch(NetworkMode.FILTERED));

        String pid = Long.toString(ProcessHandle.current().pid());
        List<NetworkSpec> tried = engine.networksMade();
        assertThat(tried).hasSize(2);
        NetworkSpec got = tried.get(1);
        assertThat(got.labels()).containsEntry(Labels.LAUNCHER_PID, pid);
        assertThat(made("proxy").labels()).containsEntry(Labels.LAUNCHER_PID, pid);
        assertThat(made("agent").labels()).containsEntry(Labels.LAUNCHER_PID, pid).containsEntry(Labels.MODE, "attached");
        assertThat(made("agent").ip()).isEqualTo(got.subnet().agentIp());
        assertThat(made("proxy").ip()).isEqualTo(got.subnet().proxyIp());
    }

    @Test
    void theAgentsCommandStartsOnlyAfterTheProxyIsReady() {
        engine.agent = (e, spec) -> {
            assertThat(e.calls()).anyMatch(c -> c.endsWith("start " + spec.name().replace("-agent", "-proxy")));
            return 0;
        };

        assertThat(service().run(launch(NetworkMode.FILTERED))).isZero();
        assertThat(engine.agentCommandRan).isTrue();
    }

    @Test
    void aRecorderThatEndedBeforeTheAgentIsReported() {
        engine.recorderWritesEnd = false;

        service().run(launch(NetworkMode.FILTERED));

        assertThat(err.toString()).contains("stopped before the agent ended; the session was stopped with it (fail closed)");
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void anAgentKilledForItsMemoryIsToldSo() {
        engine.agent = (e, spec) -> FakeEngine.KILLED;
        engine.oomKilled = true;

        assertThat(service().run(launch(NetworkMode.FILTERED))).isEqualTo(FakeEngine.KILLED);

        assertThat(err.toString()).contains("the agent was OOM-killed (memory limit 1024m)");
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void aGuardsRefusalBeforeTheStartLeavesNothingNotEvenTheSessionDirectory() throws Exception {
        guards.add(new Guard() {
            @Override
            public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
                throw new Refusal("the workspace holds a secret", "remove it");
            }
        });

        assertThatThrownBy(() -> service().run(launch(NetworkMode.FILTERED)))
                .isInstanceOf(Refusal.class).hasMessage("the workspace holds a secret");

        assertThat(engine.leftBehind()).isEmpty();
        assertThat(engine.calls()).noneMatch(c -> c.contains(": create "));
        assertThat(sessionDirs()).isEmpty();
    }

    @Test
    void aRefusalOfACheckAlongsideRemovesTheAgentBeforeItsCommandRan() throws Exception {
        guards.add(new Guard() {
            @Override
            public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
                ctx.alongside().run("scan", () -> {
                    throw new Refusal("the scan found a secret", "remove it");
                });
                return policy;
            }
        });

        assertThatThrownBy(() -> service().run(launch(NetworkMode.FILTERED)))
                .isInstanceOf(Refusal.class).hasMessage("the scan found a secret");

        assertThat(engine.agentCommandRan).isFalse();
        assertThat(engine.leftBehind()).isEmpty();
        assertThat(sessionDirs()).isEmpty();
    }

    @Test
    void aMissingImageIsNamedWithItsFixAndNothingIsLeft() throws Exception {
        engine.imagesPresent = false;

        assertThatThrownBy(() -> service().run(launch(NetworkMode.FILTERED)))
                .isInstanceOf(EngineException.class).hasMessage("image paude-agent:test is not present in docker")
                .extracting(e -> ((EngineException) e).fix()).isEqualTo("build it with 'paude images build'");

        assertThat(engine.leftBehind()).isEmpty();
        assertThat(sessionDirs()).isEmpty();
    }

    @Test
    void anEngineErrorCreatingTheAgentRemovesTheProxyAndTheNetwork() throws Exception {
        engine.failOn("create", "-agent", new EngineException("docker create: boom", "retry"));

        assertThatThrownBy(() -> service().run(launch(NetworkMode.FILTERED)))
                .isInstanceOf(EngineException.class).hasMessage("docker create: boom");

        assertThat(engine.agentCommandRan).isFalse();
        assertThat(engine.leftBehind()).isEmpty();
        assertThat(sessionDirs()).as("the session directory stays: it says what was tried").hasSize(1);
    }

    @Test
    void anEngineWithoutGvisorIsToldHowToGetIt() {
        engine.failOn("create", "-agent",
                new EngineException("Error response from daemon: unknown or invalid runtime name: runsc", ""));
        LaunchOptions gvisor = Launches.of(policy(NetworkMode.FILTERED), AgentRuntime.GVISOR);

        assertThatThrownBy(() -> service().run(gvisor))
                .hasMessageStartingWith("the docker engine cannot run the agent under runtime 'runsc' (gVisor)");

        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void aProxyThatDiesBeforeItIsReadyStopsTheAgentBeforeItsCommandRan() {
        engine.proxyDiesAtStart = true;

        assertThatThrownBy(() -> service().run(launch(NetworkMode.FILTERED)))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("the proxy exited with code 1 before it was ready; its log:")
                .hasMessageContaining("FATAL: the fake proxy died");

        assertThat(engine.agentCommandRan).isFalse();
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void aProxyThatDiesWhileTheAgentWorksIsReportedAndTheSessionRemoved() {
        engine.agent = (e, spec) -> {
            e.exit(spec.name().replace("-agent", "-proxy"), 1);
            long end = System.currentTimeMillis() + 10_000;
            while (!err.toString().contains("agent is now offline") && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            return 0;
        };

        service().run(launch(NetworkMode.FILTERED));

        assertThat(err.toString()).contains("paude: the proxy of this session exited with code 1; the agent is now offline "
                + "(fail closed)");
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void ctrlCOrSigtermRemovesTheSessionThroughTheShutdownHook() {
        engine.agent = (e, spec) -> {
            hooks.fire(); // the launcher is signalled while the agent works
            assertThat(e.awaitRemoved(spec.name())).as("the hook removes the agent").isTrue();
            return 130;
        };

        service().run(launch(NetworkMode.FILTERED));

        assertThat(engine.calls()).as("the hook's thread removed the agent and the proxy")
                .anyMatch(c -> c.matches("paude-teardown: removeContainers paude-\\p{XDigit}+-agent paude-\\p{XDigit}+-proxy"));
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void anOpenSessionHasNeitherNetworkNorProxyAndStartsItsAgentAtOnce() {
        assertThat(service().run(launch(NetworkMode.OPEN))).isZero();

        assertThat(engine.networksMade()).isEmpty();
        assertThat(engine.containersMade()).extracting(ContainerSpec::name).singleElement().asString().endsWith("-agent");
        assertThat(engine.leftBehind()).isEmpty();
    }

    @Test
    void aDetachedSessionRunsUntilStoppedAndAFailedStartRemovesIt() {
        SessionService service = service();
        String session = service.start(launch(NetworkMode.FILTERED));

        assertThat(engine.isRunning(session + "-agent")).isTrue();
        assertThat(engine.isRunning(session + "-proxy")).isTrue();
        assertThat(made("agent").labels()).containsEntry(Labels.MODE, "detached");
        assertThat(service.list()).singleElement().satisfies(i -> assertThat(i.agent()).isEqualTo("running"));
        assertThat(service.stop(session)).isTrue();
        assertThat(engine.leftBehind()).isEmpty();

        engine.failOn("start", "-agent", new EngineException("docker start: boom", "retry"));
        assertThatThrownBy(() -> service.start(launch(NetworkMode.FILTERED))).hasMessage("docker start: boom");
        assertThat(engine.leftBehind()).isEmpty();
    }
}
