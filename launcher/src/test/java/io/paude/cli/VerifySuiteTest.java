package io.paude.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.runtime.EngineKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifySuiteTest {
    @TempDir
    Path dir;

    @Test
    void theSuiteNextToTheLauncherWinsOverTheCheckoutsAndNoneIsEmpty() throws IOException {
        Path launcher = Files.createDirectories(dir.resolve("launcher/target")).resolve("paude.jar");
        assertThat(VerifySuite.find(launcher)).isEmpty();

        Path built = Files.createDirectories(dir.resolve("step-defs/target")).resolve(VerifySuite.JAR);
        Files.writeString(built, "jar");
        assertThat(VerifySuite.find(launcher)).contains(new VerifySuite(built));

        Path installed = Files.writeString(dir.resolve("launcher/target").resolve(VerifySuite.JAR), "jar");
        assertThat(VerifySuite.find(launcher)).contains(new VerifySuite(installed));
    }

    @Test
    void theReleaseArchivesLibHoldsTheSuiteWithTheLauncher() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("paude-0.1.0/lib"));
        Path launcher = Files.writeString(lib.resolve("paude.jar"), "jar");
        assertThat(VerifySuite.find(launcher)).isEmpty();

        Path suite = Files.writeString(lib.resolve(VerifySuite.JAR), "jar");
        assertThat(VerifySuite.find(launcher)).contains(new VerifySuite(suite));
    }

    @Test
    void argvPassesTheLauncherTheEngineAndOnlyTheOptionsGiven() {
        VerifySuite suite = new VerifySuite(Path.of("/opt/paude/paude-verify.jar"));
        assertThat(suite.argv(Path.of("/jdk/bin/java"), Path.of("/opt/paude/paude.jar"), EngineKind.DOCKER, null, null))
                .containsExactly("/jdk/bin/java", "-jar", "/opt/paude/paude-verify.jar", "--paude-jar", "/opt/paude/paude.jar",
                        "--engine", "docker");
        assertThat(suite.argv(Path.of("java"), Path.of("/p.jar"), EngineKind.PODMAN, "@area-baseline", Path.of("/tmp/r")))
                .endsWith("--engine", "podman", "--tags", "@area-baseline", "--report", "/tmp/r");
    }

    @Test
    void envPutsThisJdkFirstAndPointsTestcontainersAtPodmansSocketUnlessDockerHostIsSet() {
        Path socket = Path.of("/run/podman/podman.sock");
        Map<String, String> docker = VerifySuite.env(Map.of("PATH", "/usr/bin"), Path.of("/jdk"), EngineKind.DOCKER, socket);
        assertThat(docker).containsEntry("PATH", "/jdk/bin:/usr/bin").containsEntry("TESTCONTAINERS_RYUK_DISABLED", "true")
                .doesNotContainKey("DOCKER_HOST");
        assertThat(VerifySuite.env(Map.of(), Path.of("/jdk"), EngineKind.PODMAN, socket))
                .containsEntry("DOCKER_HOST", "unix:///run/podman/podman.sock");
        assertThat(VerifySuite.env(Map.of("DOCKER_HOST", "tcp://h:2375"), Path.of("/jdk"), EngineKind.PODMAN, socket))
                .containsEntry("DOCKER_HOST", "tcp://h:2375");
    }

    @Test
    void podmansSocketIsTheUsersWhenItExists() {
        Path user = Path.of("/run/user/1000/podman/podman.sock");
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");
        assertThat(VerifySuite.podmanSocket(env, user::equals)).isEqualTo(user);
        assertThat(VerifySuite.podmanSocket(env, p -> false)).isEqualTo(Path.of("/run/podman/podman.sock"));
        assertThat(VerifySuite.podmanSocket(Map.of(), p -> true)).isEqualTo(Path.of("/run/podman/podman.sock"));
    }
}
