package io.paude.cli;

import io.paude.audit.AuditGuard;
import io.paude.boundary.BoundaryGuard;
import io.paude.config.ConfigLoader;
import io.paude.config.ConfigFiles;
import io.paude.credentials.CredentialsGuard;
import io.paude.githistory.GitHistoryGuard;
import io.paude.guard.Guards;
import io.paude.packages.PackageGuard;
import io.paude.plan.ImageRefs;
import io.paude.plugins.PluginGuard;
import io.paude.runtime.ContainerEngine;
import io.paude.secrets.SecretsGuard;
import io.paude.session.SessionService;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/** Wires the launcher's parts from the environment; the commands stay declarations plus a few calls. */
final class Services {
    private Services() {
    }

    static StatePaths paths() {
        return StatePaths.from(System.getenv());
    }

    static ConfigFiles config(Path workspace, boolean trustProject) {
        return new ConfigLoader(paths()).load(workspace, trustProject);
    }

    /** The guard families every session runs through, in this order. Register a new family here, once. */
    static Guards guards() {
        return new Guards(List.of(
                new BoundaryGuard(), // first: a workspace that holds the host's state starts nothing
                new PackageGuard(),
                new PluginGuard(),
                new CredentialsGuard(),
                new GitHistoryGuard(),
                new AuditGuard(),
                new SecretsGuard()));
    }

    static SessionService sessions(ContainerEngine engine, PrintWriter err) {
        return new SessionService(engine, paths(), ImageRefs.from(System.getenv()), err, new SecureRandom(), guards());
    }
}
