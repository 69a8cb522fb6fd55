package io.paude.session;

import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.RuntimeProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parts of a {@link ContainerEngine} that a session's start and end never use: each fails a test that reaches it. */
abstract class UnusedEngine implements ContainerEngine {
    private static UnsupportedOperationException unused(String what) {
        return new UnsupportedOperationException(what + " is not part of a session's start or end");
    }

    @Override
    public String serverVersion() {
        throw unused("serverVersion");
    }

    @Override
    public boolean networkExists(String name) {
        throw unused("networkExists");
    }

    @Override
    public Optional<String> aliasProbe(String image) {
        throw unused("aliasProbe");
    }

    @Override
    public RuntimeProbe runtimeProbe(String image, String runtime) {
        throw unused("runtimeProbe");
    }

    @Override
    public int exec(String container, List<String> command, boolean stdin, boolean tty, String workdir, String user) {
        throw unused("exec");
    }

    @Override
    public Optional<ContainerState> awaitStop(String container) {
        throw unused("awaitStop");
    }

    @Override
    public void execInput(String container, String user, List<String> command, byte[] input) {
        throw unused("execInput (a model gateway's credential)");
    }

    @Override
    public int oomKills(String container) {
        throw unused("oomKills");
    }

    @Override
    public void build(Path context, String tag, Map<String, String> buildArgs) {
        throw unused("build");
    }

    @Override
    public boolean pull(String image) {
        throw unused("pull");
    }

    @Override
    public void importRootfs(Path tarball, String tag) {
        throw unused("importRootfs");
    }

    @Override
    public String info(String format) {
        throw unused("info (facts() answers)");
    }

    @Override
    public String inspect(String object, String format) {
        throw unused("inspect");
    }
}
