package io.paude;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in, for the documents they compare the code with (surefire runs in launcher/). */
public final class Checkout {
    private Checkout() {
    }

    /** The directory above the working directory that holds docs/ARCHITECTURE.md. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/ARCHITECTURE.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/ARCHITECTURE.md above " + Path.of("").toAbsolutePath());
    }
}
