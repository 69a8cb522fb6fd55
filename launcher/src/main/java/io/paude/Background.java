package io.paude;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Work the launcher does beside its main thread while it waits on the engine (start-up time is measured:
 * bench/startup.sh). Each piece runs on a daemon thread of its own, so a launcher killed meanwhile does not wait
 * for it; {@link #join} waits for it whatever the interrupts, and rethrows its failure as it was thrown.
 */
public final class Background {
    private Background() {
    }

    /** {@code work} on a daemon thread named {@code name}, started at once. */
    public static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** {@code work} on a daemon thread named {@code name}, started at once. */
    public static CompletableFuture<Void> run(String name, Runnable work) {
        return start(name, () -> {
            work.run();
            return null;
        });
    }

    /** The result, once there; a failure is rethrown as thrown (a checked one or an error wrapped as unchecked). */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    /** The failure a {@link CompletableFuture#join} reported, as the work threw it. */
    public static RuntimeException unwrapped(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
}
