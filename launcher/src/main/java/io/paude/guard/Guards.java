package io.paude.guard;

import io.paude.Background;
import io.paude.policy.SandboxPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/** The guards every session runs through, in order. Register a new family here, once. */
public final class Guards {
    private final List<Guard> guards;

    public Guards(List<Guard> guards) {
        this.guards = List.copyOf(guards);
    }

    public static Guards defaults() {
        List<Guard> all = new ArrayList<>();
        all.add(new io.paude.boundary.BoundaryGuard()); // first: a workspace that holds the host's state starts nothing
        all.add(new io.paude.packages.PackageGuard());
        all.add(new io.paude.plugins.PluginGuard());
        all.add(new io.paude.credentials.CredentialsGuard());
        all.add(new io.paude.githistory.GitHistoryGuard());
        all.add(new io.paude.audit.AuditGuard());
        all.add(new io.paude.secrets.SecretsGuard());
        return new Guards(all);
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

    private void each(GuardContext ctx, java.util.function.BiConsumer<Guard, GuardContext> hook) {
        for (Guard g : guards) {
            try {
                hook.accept(g, ctx);
            } catch (RuntimeException e) {
                ctx.warn(g.getClass().getSimpleName() + " failed after the session: " + e.getMessage());
            }
        }
    }
}
