package io.paude.steps.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A throwaway project directory, owned by an ordinary user (uid 1000) even when the suite runs as root. */
public final class Workspace {
    /** uid 1000 when the suite runs as root; otherwise the user who runs it (the rootless pass), who owns it anyway. */
    public static final int OWNER = "root".equals(System.getProperty("user.name")) ? 1000 : ownUid();
    private final Path dir;

    public Workspace() {
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "paude-ws-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chownToOwner();
    }

    /** This process's uid: the owner of /proc/self. */
    public static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path write(String relative, String content) {
        try {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            chownToOwner();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void chownToOwner() {
        if ("root".equals(System.getProperty("user.name"))) {
            Cmd.run(List.of("chown", "-R", OWNER + ":" + OWNER, dir.toString()), Map.of(), Duration.ofSeconds(30));
        }
    }

    public void delete() {
        Cmd.removeTrees(dir);
    }
}
