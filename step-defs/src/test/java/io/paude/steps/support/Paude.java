package io.paude.steps.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the real launcher, as a user would: {@code java -jar paude.jar ...} with its own HOME, and the JIT and GC
 * settings of the {@code ./paude} script (a short-lived CLI starts faster with them; the suite runs it a thousand times).
 */
public final class Paude {
    private final Path home;
    private final Map<String, String> extraEnv = new HashMap<>();
    /**
     * Whether run, start and demo get {@code --accept-unenforced-limits}: in the rootless pass ({@link Engine#ROOTLESS}),
     * where every session is refused without it (docs/podman-rootless.md); a scenario of that refusal turns it off.
     */
    private boolean acceptUnenforcedLimits = Engine.ROOTLESS;

    public static final String ACCEPT_UNENFORCED_LIMITS = "--accept-unenforced-limits";

    public Paude(Path home) {
        this.home = home;
    }

    public Paude acceptUnenforcedLimits(boolean accept) {
        acceptUnenforcedLimits = accept;
        return this;
    }

    public Paude env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    public Cmd.Result run(List<String> args) {
        return runBytes(args).decoded();
    }

    /** As {@link #run}, with what paude printed byte for byte, as the user's terminal would get it. */
    public Cmd.Bytes runBytes(List<String> args) {
        return Cmd.runBytes(commandLine(args), environment(), Duration.ofMinutes(3));
    }

    /** The command line of {@link #run}, for a caller that starts paude itself (under a terminal). */
    public List<String> commandLine(List<String> args) {
        // In the mutation pass (step-defs mutation/) the same CLI runs with one hardening measure removed.
        List<String> argv = new ArrayList<>(io.paude.steps.mutation.WeakenedMain.command(Suite.jar())
                .orElse(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", Suite.jar().toString())));
        argv.addAll(args);
        boolean starts = !args.isEmpty() && List.of("run", "start", "demo").contains(args.get(0));
        if (acceptUnenforcedLimits && starts) {
            argv.add(argv.size() - args.size() + 1, ACCEPT_UNENFORCED_LIMITS);
        }
        // the gVisor pass: the runtime of every session, unless the scenario names one itself (before any "--")
        int end = args.indexOf("--") < 0 ? args.size() : args.indexOf("--");
        if (!Engine.RUNTIME.isEmpty() && starts && args.subList(0, end).stream().noneMatch(a -> a.startsWith("--runtime"))) {
            argv.add(argv.size() - args.size() + 1, "--runtime=" + Engine.RUNTIME);
        }
        return argv;
    }

    /**
     * What {@link #run} changes in the suite's environment: its own HOME and engine, this scenario's variables, and a
     * null for each model credential of whoever runs the suite, which never reaches a scenario (each sets its own).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (String v : List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_USE_VERTEX", "ANTHROPIC_AUTH_TOKEN",
                "GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG", "ANTHROPIC_VERTEX_PROJECT_ID", "CLOUD_ML_REGION")) {
            env.put(v, null);
        }
        env.put("HOME", home.toString());
        env.put("PAUDE_ENGINE", Engine.NAME);
        env.putAll(extraEnv);
        return env;
    }

    public Path stateDir() {
        return home.resolve(".local/state/paude");
    }
}
