package io.paude.boundary;

import io.paude.Measure;
import io.paude.SafeText;
import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.policy.Refusal;
import io.paude.policy.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A workspace may not hold what guards the host: the agent writes its workspace, so a workspace that is or contains the
 * home directory, paude's own directories, the agent's host configuration, the gcloud directory, the engine's storage
 * or socket, or the paude installation would let it plant what runs on the host next. Refused before anything is
 * created, with the place and the fix.
 */
public final class BoundaryGuard implements Guard {
    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        Optional<String> problem = problem(ctx.workspace(), HostPaths.of(ctx.env(), ctx.paths()));
        if (problem.isPresent() && Measure.WORKSPACE_HOLDS_NO_HOST_STATE.enforced()) {
            throw new Refusal(problem.get(), "pass --workspace with a project directory that holds none of these "
                    + "(a directory of its own, such as ~/projects/NAME), and run paude from an installation outside it");
        }
        return policy;
    }

    /** Why {@code workspace} may not be used, if it may not: the first protected place it is, contains or is inside. */
    static Optional<String> problem(Path workspace, List<HostPaths> protectedPaths) {
        Path ws = real(workspace);
        for (HostPaths p : protectedPaths) {
            Path place = real(p.path());
            String how = ws.equals(place) ? "is" : place.startsWith(ws) ? "contains" : p.nested() && ws.startsWith(place) ? "is inside" : null;
            if (how != null) {
                return Optional.of("the workspace " + SafeText.of(workspace.toString()) + " " + how + " " + p.what() + ", "
                        + SafeText.of(place.toString()) + ": the agent could change what runs on the host");
            }
        }
        return Optional.empty();
    }

    /** The path with its links resolved as far as it exists (a protected place need not exist yet). */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null) {
            try {
                Path r = existing.toRealPath();
                return r.resolve(existing.relativize(abs));
            } catch (IOException e) {
                existing = existing.getParent();
            }
        }
        return abs;
    }
}
