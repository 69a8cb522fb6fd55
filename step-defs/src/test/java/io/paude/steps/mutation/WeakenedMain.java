package io.paude.steps.mutation;

import io.paude.Measure;
import io.paude.cli.Main;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The launcher with one hardening measure removed: {@code java -cp paude.jar:TEST-CLASSES WeakenedMain WEAKENING
 * ARGS...} behaves like {@code paude ARGS...} except that its engine is a {@link WeakenedEngine}. It exists only on the
 * test classpath; the shipped jar's {@code Main} always builds the real engine (see {@code Main#commandLine}).
 */
public final class WeakenedMain {
    /** Set in the suite's JVM by the mutation pass: the weakening the launcher runs with. Unset: the real launcher. */
    static final String MODE = "paude.mutation";
    /** Set with {@link #MODE}: the file each application of the weakening is appended to. */
    static final String LOG = "paude.mutation.log";

    private WeakenedMain() {
    }

    public static void main(String[] args) {
        Weakening weakening = Weakening.valueOf(args[0]);
        Path log = Path.of(System.getProperty(LOG));
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (weakening.hostMeasure() != null) {
            Measure.weakenForMutationPass(weakening.hostMeasure(),
                    () -> WeakenedEngine.record(log, WeakenedEngine.APPLIED + weakening + " to the host-side measure " + weakening.hostMeasure()));
        }
        System.exit(Main.commandLine(engine -> WeakenedEngine.wrap(weakening, engine, log)).execute(rest));
    }

    /**
     * The command that starts the launcher under test in the suite's current mode: empty when no weakening is set
     * (the suite then runs {@code java -jar paude.jar}), else this class with the weakening and its log.
     */
    public static Optional<List<String>> command(Path jar) {
        String weakening = System.getProperty(MODE);
        if (weakening == null || weakening.isBlank()) {
            return Optional.empty();
        }
        String classes;
        try {
            classes = Path.of(WeakenedMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return Optional.of(List.of("java", "-cp", jar + File.pathSeparator + classes, "-D" + LOG + "=" + System.getProperty(LOG),
                WeakenedMain.class.getName(), Weakening.valueOf(weakening).name()));
    }
}
