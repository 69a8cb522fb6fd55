package io.paude.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paude.policy.ModelGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Seeds a session's private copy of the agent's configuration from the host's, read only. The agent gets the copy
 * read-write; the host's files are never mounted, so nothing the agent (or a plugin) writes reaches them. Nothing is
 * copied back.
 *
 * <p>Left out, to keep the start fast and the agent's view small: the top-level directories in {@link #SKIPPED}
 * (conversation transcripts, logs, caches, snapshots, a local install of the agent). Symbolic links are copied as
 * the files they point to.
 */
public final class SessionCopy {
    /** Top-level entries of the configuration directory that are state of earlier sessions or caches, not configuration. */
    public static final Set<String> SKIPPED = Set.of("projects", "shell-snapshots", "statsig", "todos", "logs", "debug",
            "file-history", "cache", "ide", "session-env", "telemetry", "downloads", "paste-cache", "local");

    private SessionCopy() {
    }

    /**
     * Copies {@code host} into {@code copyDir} (created 0700) and gives the copy to {@code uid:gid} when the launcher
     * runs as root and the agent does not.
     */
    public static AgentConfig seed(AgentConfig host, Path copyDir, int uid, int gid) {
        return seed(host, copyDir, uid, gid, null);
    }

    /**
     * As above; with a {@code workspace}, the copy's {@code .claude.json} also says what an interactive start would
     * otherwise ask before the first prompt ({@link #firstRunAnswers}).
     */
    public static AgentConfig seed(AgentConfig host, Path copyDir, int uid, int gid, Path workspace) {
        try {
            Files.createDirectories(copyDir);
            Files.setPosixFilePermissions(copyDir, PosixFilePermissions.fromString("rwx------"));
            if (Files.isDirectory(host.dir())) {
                copyTree(host.dir(), copyDir);
            }
            Path global = copyDir.resolve(AgentConfig.GLOBAL_FILE);
            if (Files.isRegularFile(host.globalFile()) && !Files.exists(global)) {
                Files.copy(host.globalFile(), global);
                Files.setPosixFilePermissions(global, PosixFilePermissions.fromString("rw-------"));
            }
            if (workspace != null) {
                firstRunAnswers(global, workspace);
            }
            int launcher = (Integer) Files.getAttribute(copyDir, "unix:uid");
            if (launcher == 0 && uid != 0) {
                chown(copyDir, uid, gid);
            }
            return AgentConfig.copyIn(copyDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the agent's configuration into " + copyDir, e);
        }
    }

    /**
     * The answers an interactive Claude Code would ask for before its first prompt, written into the session's copy
     * (never the host's file): onboarding done; the workspace's folder trusted (the user chose it, and what its
     * settings could run is gated by paude's plugin check before the start); the gateway's placeholder approved as
     * the API key to use (Claude Code asks about a key it has not seen, by its last 20 characters). Keys the user's
     * own file sets are kept.
     */
    static void firstRunAnswers(Path global, Path workspace) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = Files.isRegularFile(global) && Files.size(global) > 0
                && json.readTree(global.toFile()) instanceof ObjectNode o
                ? o : json.createObjectNode();
        root.put("hasCompletedOnboarding", true);
        // by property name: Jackson's with(String) reads a leading '/' as a JSON pointer, and a workspace path has one
        object(object(root, "projects"), workspace.toString()).put("hasTrustDialogAccepted", true);
        String placeholder = ModelGateway.PLACEHOLDER;
        String tail = placeholder.substring(Math.max(0, placeholder.length() - 20));
        ObjectNode responses = object(root, "customApiKeyResponses");
        ArrayNode approved = responses.get("approved")
                instanceof ArrayNode a ? a : responses.putArray("approved");
        boolean known = false;
        for (var n : approved) {
            known |= n.asText().equals(tail);
        }
        if (!known) {
            approved.add(tail);
        }
        Files.writeString(global, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        Files.setPosixFilePermissions(global, PosixFilePermissions.fromString("rw-------"));
    }

    private static ObjectNode object(ObjectNode parent,
            String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getParent() != null && dir.getParent().equals(from) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(Files.isExecutable(file) ? "rwx------" : "rw-------"));
                }
                return FileVisitResult.CONTINUE; // sockets, fifos and devices are not configuration
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private static void chown(Path dir, int uid, int gid) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
