package io.paude.steps.mutation;

import io.paude.plan.ContainerSpec;
import io.paude.plan.Tmpfs;
import io.paude.policy.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Copies of a {@link ContainerSpec} with some fields changed: the spec is a record of eighteen fields. */
final class Specs {
    private Specs() {
    }

    /** The fields a weakening may change; everything else is copied as it is. */
    static final class Edit {
        String user;
        Map<String, String> labels;
        boolean readOnlyRoot;
        List<Mount> mounts;
        List<Tmpfs> tmpfs;
        Map<String, String> env;
        String network;
        String ip;
        List<String> command;
        io.paude.policy.AgentRuntime runtime;

        private Edit(ContainerSpec c) {
            user = c.user();
            labels = new LinkedHashMap<>(c.labels());
            readOnlyRoot = c.readOnlyRoot();
            mounts = new ArrayList<>(c.mounts());
            tmpfs = new ArrayList<>(c.tmpfs());
            env = new LinkedHashMap<>(c.env());
            network = c.network();
            ip = c.ip();
            command = new ArrayList<>(c.command());
            runtime = c.runtime();
        }
    }

    static ContainerSpec edit(ContainerSpec c, Consumer<Edit> change) {
        Edit e = new Edit(c);
        change.accept(e);
        return new ContainerSpec(c.name(), c.image(), e.labels, e.user, c.capAdd(), e.readOnlyRoot, e.tmpfs, e.mounts,
                e.env, e.network, e.ip, c.dns(), c.limits(), c.workdir(), e.command, c.keepStdin(), c.tty(), c.seccompProfile(),
                c.logMaxBytes(), e.runtime);
    }
}
