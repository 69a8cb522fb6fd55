package io.paude.steps.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place where the suite finds the launcher under test and the files it reads from the repository (fixture
 * image sources, README.md), from system properties: under Maven Failsafe sets them to the checkout; under
 * {@code paude verify}, {@link io.paude.steps.verify.VerifyMain} sets them to the user's paude.jar and to the files
 * it extracted from paude-verify.jar.
 */
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
