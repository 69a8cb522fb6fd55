package io.paude.steps.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation a clone holds points only at itself: every relative link of README.md, docs/, bench/README.md and
 * the feature files resolves to a file of the repository (and an anchor to a heading of it), none escapes the
 * repository, and nothing names {@code ../shared}. A unit test without an engine (Surefire, in {@code mvn verify}).
 */
class DocLinksTest {
    @TempDir
    Path tmp;

    static Path repo() {
        return Path.of(System.getProperty("paude.repo", "..")).toAbsolutePath().normalize();
    }

    @Test
    void everyRelativeLinkOfTheRepositoryResolvesInsideIt() throws IOException {
        List<Path> files = DocLinks.documents(repo());
        assertThat(files).as("documents checked").hasSizeGreaterThan(20)
                .contains(repo().resolve("README.md"), repo().resolve("docs/threat-model.md"));
        assertThat(DocLinks.problems(repo())).as("broken links (fix the path, or the heading the anchor names)").isEmpty();
    }

    @Test
    void aLinkToAMissingFileIsFoundWithItsPlace() throws IOException {
        write("README.md", "# paude\n\nSee [the guide](docs/guide.md) and [the tasks](docs/tasks.md).\n");
        write("docs/tasks.md", "# Tasks\n");
        assertThat(DocLinks.problems(tmp)).containsExactly(
                "README.md:3: [the guide](docs/guide.md): docs/guide.md is not a file or directory of the repository");
    }

    @Test
    void aLinkOutOfTheRepositoryIsFound() throws IOException {
        write("docs/a.md", "# A\n\n[notes](../../notes/FIELD.md) and [root](../README.md)\n");
        write("README.md", "# paude\n");
        assertThat(DocLinks.problems(tmp)).containsExactly(
                "docs/a.md:3: [notes](../../notes/FIELD.md): leaves the repository");
    }

    @Test
    void anAnchorMustNameAHeadingOfItsTarget() throws IOException {
        write("README.md", """
                # paude

                ## Set-up: two commands (as root)

                ## Set-up: two commands (as root)

                [ok](#set-up-two-commands-as-root) [second](#set-up-two-commands-as-root-1) [usage](docs/usage.md#the-allowlist)
                [missing](docs/usage.md#the-sandbox) [own](#nowhere)
                ```
                # a comment in code, not a heading; [not a link](nowhere.md)
                ```
                """);
        write("docs/usage.md", "# Usage\n\n### The `allowlist`\n");
        assertThat(DocLinks.problems(tmp)).containsExactly(
                "README.md:8: [missing](docs/usage.md#the-sandbox): no heading 'the-sandbox' in docs/usage.md",
                "README.md:8: [own](#nowhere): no heading 'nowhere' in README.md");
    }

    @Test
    void featureFilesAndBenchAreCheckedAndSharedIsNamed() throws IOException {
        write("README.md", "# paude\n");
        write("features/a.feature", "Feature: a\n\n  From [the catalogue](../docs/threats.md), and ../shared/THREATS.md.\n"
                + "  As docs/missing.md and bench/startup.sh say.\n");
        write("bench/README.md", "# Benchmarks\n\n[startup](startup.sh) [lib](lib.sh)\n");
        write("bench/startup.sh", "#!/bin/sh\n");
        assertThat(DocLinks.problems(tmp)).containsExactly(
                "bench/README.md:3: [lib](lib.sh): bench/lib.sh is not a file or directory of the repository",
                "features/a.feature:3: [the catalogue](../docs/threats.md): docs/threats.md is not a file or directory of the repository",
                "features/a.feature:3: names ../shared, which is not in a clone",
                "features/a.feature:4: docs/missing.md is not a file or directory of the repository");
    }

    @Test
    void gitHubSlugs() {
        assertThat(DocLinks.slug("Task 5: Workspace filesystem protection")).isEqualTo("task-5-workspace-filesystem-protection");
        assertThat(DocLinks.slug("Certify a machine: paude verify")).isEqualTo("certify-a-machine-paude-verify");
        assertThat(DocLinks.slug("The core set (CI on Podman)")).isEqualTo("the-core-set-ci-on-podman");
        assertThat(DocLinks.slug("Testing: reports, the mutation pass and `paude verify`"))
                .isEqualTo("testing-reports-the-mutation-pass-and-paude-verify");
        assertThat(DocLinks.slug("snake_case and dash-es")).isEqualTo("snake_case-and-dash-es");
    }

    private void write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
