package io.paude.guard;

import io.paude.Background;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A guard's checks that need not finish before the engine creates the sandbox, only before the agent starts (the
 * git backup, the pre-flight secrets scan). They run on their own threads while the launcher waits on the engine,
 * so a large workspace costs start-up time only where the engine is quicker than them. {@link #await} is the gate:
 * the session starts the agent only after it returned, and an exception a check threw refuses the start exactly as
 * if {@link Guard#beforeStart} had thrown it.
 */
public final class Alongside {
    private final boolean threads;
    private final List<CompletableFuture<Void>> running = new ArrayList<>();

    private Alongside(boolean threads) {
        this.threads = threads;
    }

    /** Each check on a thread of its own, started at once. */
    public static Alongside threads() {
        return new Alongside(true);
    }

    /** Each check run in the caller's thread before {@link #run} returns (where nothing is created meanwhile). */
    public static Alongside inline() {
        return new Alongside(false);
    }

    /** Starts {@code check}; its exception (a refusal) is thrown by {@link #await}. */
    public synchronized void run(String name, Runnable check) {
        if (!threads) {
            check.run();
            return;
        }
        running.add(Background.run("paude-guard-" + name, check));
    }

    /**
     * Waits for every check started so far; throws the first one's exception (the others' are attached as suppressed)
     * only after all have ended, so no check still writes when the caller cleans up.
     */
    public void await() {
        List<CompletableFuture<Void>> all;
        synchronized (this) {
            all = List.copyOf(running);
            running.clear();
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> f : all) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = Background.unwrapped(e);
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits for every check started so far and drops their outcome (the start failed for another reason). */
    public void awaitQuietly() {
        try {
            await();
        } catch (RuntimeException ignored) {
            // the start already failed; its first reason is the one reported
        }
    }
}
