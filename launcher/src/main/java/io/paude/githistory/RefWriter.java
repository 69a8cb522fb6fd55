package io.paude.githistory;

import io.paude.policy.PolicyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts refs and objects back into a repository the agent could write, as files, without running git in it (git there
 * would read the agent's configuration and run its hooks): the objects as a pack paude made from its own backup, the
 * ref as a loose ref (which overrides a packed one), one line appended to its reflog. Every directory on the way must
 * be a real directory of the repository: a planted symbolic link is refused, so nothing is written outside it.
 */
final class RefWriter {
    /** Ref names paude writes: those git would accept, without "..", "@{", control characters or a leading dash. */
    private static final Pattern REF = Pattern.compile("refs/(?!.*\\.\\.)(?!.*@\\{)(?!.*//)[A-Za-z0-9._/+-]+(?<![./])");
    private static final Pattern OID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final Path gitDir;

    RefWriter(Path gitDir) {
        this.gitDir = gitDir;
    }

    /** Moves {@code pack} and its index into the repository's objects (pack first: a reader never sees an index alone). */
    void addPack(Path pack, Path idx) throws IOException {
        Path dir = realDirs(List.of("objects", "pack"));
        Files.move(pack, dir.resolve(pack.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.move(idx, dir.resolve(idx.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Sets {@code ref} to {@code oid}, recording {@code old} (null: none) in its reflog with {@code message}. */
    void setRef(String ref, String oid, String old, String message) throws IOException {
        if (!REF.matcher(ref).matches() || !OID.matcher(oid).matches()) {
            throw new PolicyException("refusing to write ref " + ref + " = " + oid, "name a ref such as refs/heads/main");
        }
        String[] parts = ref.split("/");
        Path refDir = realDirs(List.of(parts).subList(0, parts.length - 1));
        Path file = refDir.resolve(parts[parts.length - 1]);
        refuseLink(file);
        Path tmp = refDir.resolve("." + parts[parts.length - 1] + ".paude-" + System.nanoTime());
        Files.writeString(tmp, oid + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<String> logDirs = new java.util.ArrayList<>(List.of("logs"));
        logDirs.addAll(List.of(parts).subList(0, parts.length - 1));
        Path log = realDirs(logDirs).resolve(parts[parts.length - 1]);
        refuseLink(log);
        String zero = "0".repeat(oid.length());
        String line = (old == null ? zero : old) + " " + oid + " paude <paude@localhost> " + Instant.now().getEpochSecond()
                + " +0000\t" + message + "\n";
        Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** The directory {@code gitDir/names...}, created where missing; a component that is a link or a file is refused. */
    private Path realDirs(List<String> names) throws IOException {
        Path dir = gitDir;
        for (String name : names) {
            dir = dir.resolve(name);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                requireDir(dir);
            }
            Files.createDirectories(dir);
        }
        return dir;
    }

    /** Refuses when a directory between {@code gitDir} and {@code target} is a link or not a directory. */
    static void requireRealParents(Path gitDir, Path target) {
        Path dir = gitDir;
        for (Path name : gitDir.relativize(target.getParent())) {
            if (!name.toString().isEmpty()) {
                dir = dir.resolve(name.toString());
                requireDir(dir);
            }
        }
    }

    /** The one check of a directory on the way: a real directory of the repository, not a link or a file. */
    private static void requireDir(Path dir) {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new PolicyException(dir + " is not a directory of the repository (a link or a file): paude writes nothing through it",
                    "inspect it, remove it, then run the command again; or restore the whole repository with --force");
        }
    }

    private static void refuseLink(Path p) {
        if (Files.isSymbolicLink(p)) {
            throw new PolicyException(p + " is a symbolic link: paude writes nothing through it",
                    "inspect it, remove it, then run the restore again");
        }
    }
}
