package io.paude.guard;

import io.paude.policy.SandboxPolicy;
import java.util.ArrayList;
import java.util.List;

/** The guards every session runs through, in order. Register a new family here, once. */
public final class Guards {
    private final List<Guard> guards;

    public Guards(List<Guard> guards) {
        this.guards = List.copyOf(guards);
    }

    public static Guards defaults() {
        List<Guard> all = new ArrayList<>();
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

    public void afterEnd(GuardContext ctx) {
        for (Guard g : guards) {
            try {
                g.afterEnd(ctx);
            } catch (RuntimeException e) {
                ctx.warn(g.getClass().getSimpleName() + " failed after the session: " + e.getMessage());
            }
        }
    }
}
