package io.paude.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.hostgit.HostGit;
import io.paude.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoProjectTest {
    @TempDir
    Path tmp;

    @Test
    void aNewDemoIsAGitRepositoryWithOneCommitOfItsFilesAndALocalIdentity() {
        Path dir = tmp.resolve("nested/paude-demo");
        assertThat(DemoProject.prepare(dir, false)).isEqualTo(DemoProject.Outcome.CREATED);
        Path git = dir.resolve(".git");
        assertThat(HostGit.run(git, "rev-list", "--count", "HEAD").strip()).isEqualTo("1");
        assertThat(HostGit.run(git, "ls-tree", "--name-only", "HEAD").lines()).containsExactly(".gitignore", "README.md", "sum.js", "test.js");
        assertThat(HostGit.run(git, "--work-tree=" + dir, "status", "--porcelain")).isEmpty();
        assertThat(io.paude.secrets.GitignoreCheck.missing(dir)).isEmpty();
        assertThat(HostGit.run(git, "config", "user.email").strip()).isEqualTo(DemoProject.EMAIL);
        assertThat(HostGit.run(git, "log", "-1", "--format=%an <%ae>").strip()).isEqualTo(DemoProject.NAME + " <" + DemoProject.EMAIL + ">");
    }

    @Test
    void aSecondDemoReusesItAsTheAgentLeftIt() throws Exception {
        Path dir = tmp.resolve("paude-demo");
        DemoProject.prepare(dir, false);
        Files.writeString(dir.resolve("sum.js"), "// the agent's fix\n");
        assertThat(DemoProject.prepare(dir, false)).isEqualTo(DemoProject.Outcome.REUSED);
        assertThat(Files.readString(dir.resolve("sum.js"))).isEqualTo("// the agent's fix\n");
    }

    @Test
    void anEmptyDirectoryIsUsedAndOneThatHoldsAnythingElseIsRefusedUntouched() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThat(DemoProject.prepare(empty, false)).isEqualTo(DemoProject.Outcome.CREATED);

        Path project = Files.createDirectory(tmp.resolve("project"));
        Files.writeString(project.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> DemoProject.prepare(project, false)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("is not a paude demo").satisfies(e -> assertThat(((PolicyException) e).fix())
                        .contains("paude demo DIR").contains("paude run --workspace " + project));
        try (var left = Files.list(project)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> DemoProject.prepare(file, false)).isInstanceOf(PolicyException.class);
    }

    /** As root, the demo belongs to uid 1000, the agent's (the suite and CI run as root). */
    @Test
    void chownGivesEveryFileToTheAgentsUid() throws Exception {
        Path dir = tmp.resolve("owned");
        DemoProject.prepare(dir, false);
        DemoProject.chown(dir, DemoProject.AGENT_ID);
        try (var all = Files.walk(dir)) {
            all.forEach(p -> {
                try {
                    assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("%s", p).isEqualTo(1000);
                    assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("%s", p).isEqualTo(1000);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
