package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The README the suite checks documentation against (a user's checkout, or what {@code paude verify} extracted). */
public final class Readme {
    private Readme() {
    }

    /** The section whose "## " heading starts with {@code title}, up to the next "## " heading; fails when there is none. */
    public static String section(String title) {
        String readme;
        try {
            readme = Files.readString(Suite.repo().resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("\n## " + title);
        assertThat(start).as("README has a section '## %s'", title).isNotNegative();
        int end = readme.indexOf("\n## ", start + title.length() + 4);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
