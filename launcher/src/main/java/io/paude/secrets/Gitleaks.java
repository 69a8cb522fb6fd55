package io.paude.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * gitleaks as the pre-flight scan runs it: with paude's configuration only. gitleaks looks for its configuration in
 * {@code --config}, then {@code $GITLEAKS_CONFIG}, then {@code $GITLEAKS_CONFIG_TOML}, then the scanned directory's
 * {@code .gitleaks.toml}; it reads the ignore file named by {@code --gitleaks-ignore-path} (default: the current
 * directory's) and, always, the scanned directory's {@code .gitleaksignore}; it skips lines that say
 * {@code gitleaks:allow}. All of these but the first are the workspace's to write. So paude scans a directory of its
 * own, a tree of symbolic links to the workspace's files (without the workspace's top-level {@code .gitleaksignore},
 * and only the files the scan covers), with {@code --config} naming paude's own configuration (gitleaks' default
 * rules, {@code [extend] useDefault}), an empty ignore file of its own, {@code --ignore-gitleaks-allow}, the two
 * variables removed, and that directory as the working directory.
 *
 * <p>A gitleaks without these options ({@code --follow-symlinks} and {@code --ignore-gitleaks-allow} on {@code dir}
 * or {@code detect}) cannot be run that way: the built-in detectors scan instead.
 */
final class Gitleaks {
    /** paude's configuration: gitleaks' own default rules and allowlists, nothing of the workspace. */
    static final String CONFIG = "title = \"paude\"\n\n[extend]\nuseDefault = true\n";
    /** What paude needs of a subcommand's options. */
    static final List<String> NEEDED = List.of("--config", "--gitleaks-ignore-path", "--ignore-gitleaks-allow", "--follow-symlinks",
            "--report-path", "--redact");
    /** The workspace's files that gitleaks would take as its configuration. */
    static final List<String> WORKSPACE_FILES = List.of(".gitleaks.toml", ".gitleaksignore");

    private final Path exe;
    private final String subcommand;

    private Gitleaks(Path exe, String subcommand) {
        this.exe = exe;
        this.subcommand = subcommand;
    }

    /** The gitleaks at {@code exe} when one of its scan commands has every option paude needs; {@code dir} first. */
    static Optional<Gitleaks> of(Path exe) {
        for (String sub : List.of("dir", "detect")) {
            String help = output(exe, List.of(sub, "--help"));
            if (help != null && NEEDED.stream().allMatch(help::contains)) {
                return Optional.of(new Gitleaks(exe, sub));
            }
        }
        return Optional.empty();
    }

    String subcommand() {
        return subcommand;
    }

    /**
     * Findings in the walk's regular files that {@code scanned} accepts, each named workspace-relative. With
     * {@code own} false (only where {@code Measure.SCANNER_CONFIG_OWN} is switched off) gitleaks runs as it would by
     * itself, on the workspace, which lets the workspace's configuration and ignore file apply.
     */
    List<Finding> scan(WorkspaceFiles walk, Predicate<Path> scanned, boolean own) {
        Path root = walk.root();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("paude-gitleaks-"); // 0700
            Path report = tmp.resolve("report.json");
            Path source = own ? linkTree(walk, scanned, tmp.resolve("src")) : root;
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), subcommand));
            if (subcommand.equals("detect")) {
                cmd.addAll(List.of("--no-git", "--source", source.toString()));
            }
            if (own) {
                Path config = Files.writeString(tmp.resolve("paude-gitleaks.toml"), CONFIG);
                Path ignore = Files.createFile(tmp.resolve("paude-gitleaksignore"));
                cmd.addAll(List.of("--config", config.toString(), "--gitleaks-ignore-path", ignore.toString(), "--ignore-gitleaks-allow",
                        "--follow-symlinks"));
            }
            cmd.addAll(List.of("--no-banner", "--redact", "--exit-code", "0", "--report-format", "json", "--report-path", report.toString()));
            if (subcommand.equals("dir")) {
                cmd.add(source.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory((own ? tmp : root).toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (own) {
                pb.environment().remove("GITLEAKS_CONFIG");
                pb.environment().remove("GITLEAKS_CONFIG_TOML");
            }
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PolicyException("gitleaks failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ") while scanning " + root,
                        "run '" + exe + " " + subcommand + " --help' to check the installation, or take it off the PATH to use the"
                                + " built-in scan");
            }
            return findings(report, source, root, scanned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while gitleaks ran", e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** The files the scan covers as links in {@code dir}, at their workspace-relative paths. */
    private static Path linkTree(WorkspaceFiles walk, Predicate<Path> scanned, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (WorkspaceFiles.File f : walk.files()) {
            Path rel = f.rel();
            if (!f.regular() || !scanned.test(rel) || rel.toString().equals(".gitleaksignore")) {
                continue; // the top-level .gitleaksignore would be read as the scanned directory's ignore file
            }
            Path link = dir.resolve(rel.toString());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, walk.resolve(f));
        }
        return dir;
    }

    private static List<Finding> findings(Path report, Path source, Path root, Predicate<Path> scanned) throws IOException {
        List<Finding> out = new ArrayList<>();
        if (!Files.isRegularFile(report)) {
            return out;
        }
        JsonNode all = new ObjectMapper().readTree(report.toFile());
        for (JsonNode n : all == null ? List.<JsonNode>of() : all) {
            Path file = Path.of(n.path("File").asText());
            Path rel = file.isAbsolute() ? (file.startsWith(source) ? source.relativize(file) : root.relativize(file)) : file;
            if (scanned.test(rel)) {
                out.add(new Finding(rel.toString(), n.path("StartLine").asInt(), n.path("RuleID").asText("gitleaks"), "REDACTED"));
            }
        }
        out.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line));
        return out;
    }

    /** The command's standard output and error, or null when it failed or did not end within a minute. */
    private static String output(Path exe, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The entries of the workspace's {@code .gitleaksignore} ({@code [commit:]file:rule:line}) as a test of findings
     * by file and line: what the scan would hide if it took the workspace's ignore file. Used only where
     * {@code Measure.SCANNER_CONFIG_OWN} is switched off.
     */
    static Predicate<Finding> workspaceIgnore(Path root) {
        Path file = root.resolve(".gitleaksignore");
        List<String> entries = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] p = line.strip().split(":");
                    if (!line.isBlank() && !line.strip().startsWith("#") && p.length >= 3) {
                        entries.add(p[p.length - 3] + ":" + p[p.length - 1]);
                    }
                }
            }
        } catch (IOException unreadable) {
            // nothing to honour
        }
        return f -> entries.contains(f.file() + ":" + f.line());
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a private temporary directory of links
        }
    }
}
