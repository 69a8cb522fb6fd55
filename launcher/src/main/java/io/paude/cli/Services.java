package io.paude.cli;

import io.paude.config.ConfigLoader;
import io.paude.config.PaudeConfig;
import io.paude.guard.Guards;
import io.paude.plan.ImageRefs;
import io.paude.runtime.ContainerEngine;
import io.paude.session.SessionService;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Wires the launcher's parts from the environment; the commands stay declarations plus a few calls. */
final class Services {
    private Services() {
    }

    static StatePaths paths() {
        return StatePaths.from(System.getenv());
    }

    static PaudeConfig config(Path workspace, boolean trustProject) {
        return new ConfigLoader(paths()).load(workspace, trustProject);
    }

    static SessionService sessions(ContainerEngine engine, PrintWriter err) {
        return new SessionService(engine, paths(), ImageRefs.from(System.getenv()), err, new SecureRandom(), Guards.defaults());
    }
}
