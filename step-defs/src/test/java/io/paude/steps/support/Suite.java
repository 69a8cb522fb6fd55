package io.paude.steps.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the suite finds the launcher under test and the repository. */
public final class Suite {
    private Suite() {
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("paude.jar", "../launcher/target/paude.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the launcher jar " + jar + " is missing; run 'mvn verify' from the repository root");
        }
        return jar;
    }

    public static Path repo() {
        return Path.of(System.getProperty("paude.repo", "..")).toAbsolutePath().normalize();
    }
}
