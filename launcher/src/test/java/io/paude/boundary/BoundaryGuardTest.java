package io.paude.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.state.StatePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundaryGuardTest {
    @TempDir
    Path tmp;

    private List<HostPaths> places(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", tmp.resolve("home").toString()));
        env.putAll(extra);
        return HostPaths.of(env, StatePaths.from(env));
    }

    @Test
    void aWorkspaceThatIsOrHoldsTheHomeDirectoryIsRefusedAProjectInsideItIsNot() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path project = Files.createDirectories(home.resolve("projects/app"));
        assertThat(BoundaryGuard.problem(home, places(Map.of()))).get().asString().contains(" is your home directory");
        assertThat(BoundaryGuard.problem(tmp, places(Map.of()))).get().asString().contains(" contains your home directory");
        assertThat(BoundaryGuard.problem(project, places(Map.of()))).isEmpty();
    }

    @Test
    void paudesDirectoriesTheAgentsConfigAndTheEnginesStorageAreRefusedFromInsideToo() throws IOException {
        Path state = Files.createDirectories(tmp.resolve("home/.local/state/paude/sessions"));
        assertThat(BoundaryGuard.problem(state, places(Map.of()))).get().asString().contains("is inside paude's state directory");
        Path claude = Files.createDirectories(tmp.resolve("home/.claude/plugins"));
        assertThat(BoundaryGuard.problem(claude, places(Map.of()))).get().asString().contains("is inside the agent's configuration");
        Path gcloud = Files.createDirectories(tmp.resolve("elsewhere/gcloud"));
        assertThat(BoundaryGuard.problem(gcloud, places(Map.of("CLOUDSDK_CONFIG", gcloud.toString())))).get().asString()
                .contains("is the gcloud directory");
        Path sock = Files.createDirectories(tmp.resolve("run"));
        assertThat(BoundaryGuard.problem(sock, places(Map.of("DOCKER_HOST", "unix://" + sock.resolve("docker.sock")))))
                .get().asString().contains("contains the container engine's socket ($DOCKER_HOST)");
        assertThat(BoundaryGuard.problem(Path.of("/var/lib"), places(Map.of()))).get().asString().contains("container engine's storage");
    }

    @Test
    void aLinkToTheHomeDirectoryIsSeenThrough() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path link = Files.createSymbolicLink(tmp.resolve("ws"), home);
        assertThat(BoundaryGuard.problem(link, places(Map.of()))).get().asString().contains(" is your home directory");
    }
}
