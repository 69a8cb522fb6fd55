package io.paude.hostgit;

import io.paude.FileTrees;
import io.paude.Measure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A repository the agent could write, seen by host git without anything of it that git would execute or obey: a
 * private directory with a configuration paude writes (format and object hash only), copies of the refs, packed refs,
 * reflogs, HEAD and shallow list (regular files only: links and special files are left out), and the objects
 * borrowed through {@code objects/info/alternates}. The repository's own config, config.worktree, hooks, info/
 * (attributes, grafts), modules/ and worktrees/ are never read. For reading refs and objects only: nothing written
 * here reaches the repository. Close it to delete it.
 */
public final class GitView implements AutoCloseable {
    private static final Pattern HEAD = Pattern.compile("(ref: refs/[^\\s]+|[0-9a-f]{40}|[0-9a-f]{64})\\s*");
    private final Path dir;
    private final boolean own;

    private GitView(Path dir, boolean own) {
        this.dir = dir;
        this.own = own;
    }

    /** A view of the repository at {@code gitDir} (its refs and its objects). */
    public static GitView of(Path gitDir) {
        if (!Measure.HOST_GIT_QUARANTINE.enforced()) {
            return new GitView(gitDir, false); // the mutation pass: git runs in the repository, under its configuration
        }
        return of(gitDir, gitDir.resolve("objects"));
    }

    /**
     * A view with the refs of {@code refsFrom} (a repository or paude's copy of one) and the objects of
     * {@code objects}. The format of the configuration of {@code refsFrom} is read as data, nothing else of it.
     */
    public static GitView of(Path refsFrom, Path objects) {
        try {
            Path dir = Files.createTempDirectory("paude-gitview-");
            for (String part : List.of("refs", "logs")) {
                copyRegular(refsFrom.resolve(part), dir.resolve(part));
            }
            for (String file : List.of("packed-refs", "shallow")) {
                copyRegular(refsFrom.resolve(file), dir.resolve(file));
            }
            Files.createDirectories(dir.resolve("refs/heads"));
            Files.createDirectories(dir.resolve("objects/info"));
            Files.writeString(dir.resolve("objects/info/alternates"), objects.toAbsolutePath() + "\n");
            Files.writeString(dir.resolve("HEAD"), head(refsFrom.resolve("HEAD")));
            Files.writeString(dir.resolve("config"), config(refsFrom.resolve("config"), true));
            return new GitView(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The configuration paude writes for a repository it reads or rebuilds: the format version and the object hash
     * of {@code original} (read as data), nothing that runs or fetches.
     */
    public static String config(Path original, boolean bare) {
        String format = HostGit.readConfigFile(original).value("extensions.objectformat").orElse(null);
        StringBuilder sb = new StringBuilder("[core]\n\trepositoryformatversion = " + (format == null ? 0 : 1)
                + "\n\tbare = " + bare + "\n\tlogAllRefUpdates = true\n");
        if (format != null && format.matches("sha1|sha256")) {
            sb.append("[extensions]\n\tobjectformat = ").append(format).append('\n');
        }
        return sb.toString();
    }

    public Path dir() {
        return dir;
    }

    public HostGit.Result call(List<String> args) {
        return HostGit.call(dir, args);
    }

    public String run(String... args) {
        return HostGit.run(dir, args);
    }

    public String runWithInput(String input, String... args) {
        return HostGit.runWithInput(dir, input, args);
    }

    /**
     * Runs git on this view with {@code workTree} and the index {@code index} (a copy paude made): for listing what
     * an index holds. Nothing is checked out and no attribute of the work tree can name a program, since the
     * configuration that would define one is paude's.
     */
    public HostGit.Result callWithIndex(Path workTree, Path index, List<String> args) {
        List<String> a = new java.util.ArrayList<>(List.of("--work-tree=" + workTree));
        a.addAll(args);
        return HostGit.call(dir, a, null, Map.of("GIT_INDEX_FILE", index.toString()));
    }

    @Override
    public void close() {
        if (own) {
            FileTrees.delete(dir);
        }
    }

    private static String head(Path head) throws IOException {
        if (Files.isRegularFile(head, LinkOption.NOFOLLOW_LINKS) && Files.size(head) < 1024) {
            String text = Files.readString(head);
            if (HEAD.matcher(text).matches()) {
                return text.strip() + "\n";
            }
        }
        return "ref: refs/heads/main\n";
    }

    /** Copies regular files and directories (never links, devices or FIFOs) from {@code from} to {@code to}. */
    private static void copyRegular(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !file.getFileName().toString().endsWith(".lock")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

}
