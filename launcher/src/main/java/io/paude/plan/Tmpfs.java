package io.paude.plan;

/** A size-capped writable tmpfs; the only writable places of a read-only container besides its mounts. */
public record Tmpfs(String path, long sizeMiB, String mode, int uid, int gid) {
    public Tmpfs {
        if (!path.startsWith("/") || sizeMiB < 1) {
            throw new IllegalArgumentException("bad tmpfs " + path + " " + sizeMiB);
        }
    }
}
