package io.paude.guard;

import io.paude.Background;
import io.paude.policy.SandboxPolicy;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The guards a session runs through, in order, and how their hooks run around it. Which families a session has is
 * wiring, not this package's knowledge: the CLI composes them ({@code cli/Services.guards}), so {@code guard}
 * depends on no family.
 */
public final class Guards {
    private final List<Guard> guards;

    public Guards(List<Guard> guards) {
        this.guards = List.copyOf(guards);
    }

    public static Guards none() {
        return new Guards(List.of());
    }

    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        SandboxPolicy p = policy;
        for (Guard g : guards) {
            p = g.beforeStart(p, ctx);
        }
        return p;
    }

    /**
     * The end of a session: {@code removal} (the engine removing the sandbox) runs while each guard's
     * {@link Guard#afterAgent} checks the workspace; each {@link Guard#afterEnd} runs once both are done.
     */
    public void afterSession(GuardContext ctx, Runnable removal) {
        var removed = Background.run("paude-removal", removal);
        each(ctx, Guard::afterAgent);
        try {
            removed.join(); // afterEnd needs the sandbox gone: join waits whatever the interrupts
        } catch (CompletionException e) {
            ctx.warn("removing the sandbox failed: " + Background.unwrapped(e).getMessage());
        }
        each(ctx, Guard::afterEnd);
    }

    /** After a session whose sandbox is already removed ({@code paude stop}). */
    public void afterEnd(GuardContext ctx) {
        each(ctx, Guard::afterAgent);
        each(ctx, Guard::afterEnd);
    }

    private void each(GuardContext ctx, BiConsumer<Guard, GuardContext> hook) {
        for (Guard g : guards) {
            try {
                hook.accept(g, ctx);
            } catch (RuntimeException e) {
                ctx.warn(g.getClass().getSimpleName() + " failed after the session: " + e.getMessage());
            }
        }
    }
}
