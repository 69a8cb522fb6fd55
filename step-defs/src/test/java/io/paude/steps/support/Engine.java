package io.paude.steps.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The suite's own view of the engine, independent of the launcher's adapter: what the engine reports is the
 * evidence, so it is read with plain CLI calls. Fails (never skips) when the engine does not answer.
 */
public final class Engine {
    public static final String NAME = System.getProperty("paude.engine", "docker");

    private Engine() {
    }

    public static Cmd.Result cli(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(NAME);
        argv.addAll(Arrays.asList(args));
        return Cmd.run(argv, Map.of(), Duration.ofMinutes(10));
    }

    public static String ok(String... args) {
        Cmd.Result r = cli(args);
        if (r.exit() != 0) {
            throw new AssertionError("engine call failed: " + r);
        }
        return r.out().strip();
    }

    public static String inspect(String object, String format) {
        return ok("inspect", "--format", format, object);
    }

    /** Names of containers (running or not) with the label. */
    public static List<String> containersLabelled(String label) {
        String out = ok("ps", "--all", "--filter", "label=" + label, "--format", "{{.Names}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    public static List<String> networksLabelled(String label) {
        String out = ok("network", "ls", "--filter", "label=" + label, "--format", "{{.Name}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    public static void requireRunning() {
        Cmd.Result r = cli("info");
        if (r.exit() != 0) {
            throw new AssertionError("the container engine '" + NAME + "' does not answer; the suite needs a running engine "
                    + "(see .ci/run).\n" + r);
        }
    }
}
