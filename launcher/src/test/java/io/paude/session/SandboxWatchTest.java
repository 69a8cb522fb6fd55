package io.paude.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SandboxWatchTest {
    private static final ContainerState OOM = new ContainerState("exited", false, 137, true);

    /** An engine whose awaitStop returns {@code stop} once {@code stopped} opens, and whose state is {@code state}. */
    private static ContainerEngine engine(CountDownLatch stopped, ContainerState state) {
        return (ContainerEngine) Proxy.newProxyInstance(ContainerEngine.class.getClassLoader(),
                new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "awaitStop" -> {
                        try {
                            stopped.await();
                            yield Optional.of(state);
                        } catch (InterruptedException e) {
                            yield Optional.empty();
                        }
                    }
                    case "state" -> Optional.of(stopped.getCount() == 0 ? state : new ContainerState("running", true, 0, false));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSandboxThatEndsDuringTheExecInterruptsItAndSaysHow() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<ContainerState> ended;
        boolean interrupted = false;
        try (SandboxWatch watch = SandboxWatch.start(engine(stopped, OOM), "s-agent", true)) {
            stopped.countDown(); // the sandbox ends while the "exec" (this sleep) waits on it
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            ended = watch.ended(0);
        }
        assertThat(interrupted).isTrue();
        assertThat(ended).contains(OOM);
        assertThat(Thread.currentThread().isInterrupted()).as("the caller goes on normally").isFalse();
    }

    @Test
    void anExecThatEndsFirstIsLeftAloneAndTheWatchEnds() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<ContainerState> ended;
        long t0 = System.nanoTime();
        try (SandboxWatch watch = SandboxWatch.start(engine(stopped, OOM), "s-agent", true)) {
            Thread.sleep(100); // the exec
            ended = watch.ended(1);
        }
        assertThat(ended).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void onTheDefaultRuntimeThereIsNoWatch() {
        try (SandboxWatch watch = SandboxWatch.start(engine(new CountDownLatch(1), OOM), "s-agent", false)) {
            assertThat(watch.ended(SandboxWatch.SANDBOX_LOST)).isNull();
        }
    }

    @Test
    void anExecThatFailsOnTheDeadSandboxBeforeTheEngineSaysSoWaitsForTheEngine() throws Exception {
        // Docker's exec returns 128 on the dead sandbox; its own record of the stop comes a moment later
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<ContainerState> ended;
        Thread engineNotices = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            stopped.countDown();
        });
        try (SandboxWatch watch = SandboxWatch.start(engine(stopped, OOM), "s-agent", true)) {
            engineNotices.start();
            ended = watch.ended(SandboxWatch.SANDBOX_LOST); // the watch's interrupt is cleared by close()
        }
        engineNotices.join();
        assertThat(ended).contains(OOM);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCommandsOwnExitCodeDoesNotWaitForAStopThatDoesNotCome() {
        long t0 = System.nanoTime();
        try (SandboxWatch watch = SandboxWatch.start(engine(new CountDownLatch(1), OOM), "s-agent", true)) {
            assertThat(watch.ended(127)).isNull();
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
    }
}
