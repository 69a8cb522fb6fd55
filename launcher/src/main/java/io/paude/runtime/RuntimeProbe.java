package io.paude.runtime;

import java.util.Optional;

/**
 * What a process in a container of a given runtime sees of its kernel ({@link ContainerEngine#runtimeProbe}).
 *
 * @param error   why the engine could not run the container; empty when it ran
 * @param release the kernel release the process sees ({@code uname -r}); gVisor's says 4.4.0
 * @param gvisor  whether the kernel's log starts as gVisor's does ("Starting gVisor")
 * @param seccomp whether the container's seccomp profile is in force in it (seccomp mode 2): runsc applies it only
 *                when registered with {@code --oci-seccomp}
 */
public record RuntimeProbe(Optional<String> error, String release, boolean gvisor, boolean seccomp) {
    /** Prints the three facts, one a line, each with a word in front. */
    static final String SCRIPT = "echo \"release $(uname -r)\"; echo \"seccomp $(sed -n 's/^Seccomp:[[:space:]]*//p' "
            + "/proc/self/status)\"; dmesg 2>/dev/null | grep -q 'Starting gVisor' && echo 'gvisor yes'; true";

    static RuntimeProbe parse(String out) {
        String release = "";
        boolean gvisor = false;
        boolean seccomp = false;
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.startsWith("release ")) {
                release = l.substring(8).strip();
            } else if (l.equals("seccomp 2")) {
                seccomp = true;
            } else if (l.equals("gvisor yes")) {
                gvisor = true;
            }
        }
        return new RuntimeProbe(Optional.empty(), release, gvisor, seccomp);
    }

    static RuntimeProbe failed(String why) {
        return new RuntimeProbe(Optional.of(why), "", false, false);
    }

    /** Why this runtime cannot hold a paude agent under gVisor; empty when it can. */
    public Optional<String> gvisorProblem() {
        if (error.isPresent()) {
            return Optional.of("the engine could not run a container under it: " + error.get());
        }
        if (!gvisor) {
            return Optional.of("its containers run on kernel " + release + ", not gVisor's (no 'Starting gVisor' in "
                    + "their kernel log): the name is registered for another runtime");
        }
        if (!seccomp) {
            return Optional.of("it does not apply a container's seccomp profile (registered without --oci-seccomp)");
        }
        return Optional.empty();
    }
}
