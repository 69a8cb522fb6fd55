package io.paude.plugins;

import io.paude.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How one extension found by {@link PluginScanner} becomes a {@link Plugin}: a content digest (over a file, a
 * directory tree, or a settings definition and the configuration files its command names) and the capabilities found
 * in that content.
 */
final class PluginItems {
    private static final long MAX_SCANNED_BYTES = 1 << 20;

    private PluginItems() {
    }

    /** A shell command the agent runs by itself: always process execution, plus what it and the files it names do. */
    static Plugin command(String name, String kind, String scope, Path source, Path dir, List<String> aliases, Object definition,
            String command) {
        return fromSettings(name, kind, scope, source, dir, aliases, definition, command, commandFindings(source, command));
    }

    static List<Finding> commandFindings(Path source, String command) {
        List<Finding> findings = new ArrayList<>();
        if (!command.isBlank()) {
            findings.add(new Finding(Capability.EXEC, source.getFileName().toString(), "runs a shell command: " + command));
            findings.addAll(CapabilityScanner.scan(source.getFileName().toString(), command, CapabilityScanner.Language.SHELL));
        }
        return findings;
    }

    /**
     * A definition from a settings file, digested with the files inside the configuration that {@code text} names (so
     * that editing such a script changes the digest), with {@code found} and what those files can do.
     */
    static Plugin fromSettings(String name, String kind, String scope, Path source, Path dir, List<String> aliases, Object definition,
            String text, List<Finding> found) {
        StringBuilder content = new StringBuilder(AgentJson.canonical(definition));
        List<Finding> findings = new ArrayList<>(found);
        for (Path ref : referencedFiles(text, dir, aliases)) {
            String rel = dir.relativize(ref).toString();
            byte[] bytes = readBytes(ref);
            content.append('\0').append(rel).append('\0').append(sha256(bytes));
            findings.addAll(scanFile(rel, ref, bytes));
        }
        return new Plugin(name, kind, scope, source.toString(), "sha256:" + sha256(content.toString().getBytes(StandardCharsets.UTF_8)),
                dedupe(findings));
    }

    /** Files inside the configuration that a hook's command names, so that editing the script changes the digest. */
    private static List<Path> referencedFiles(String command, Path dir, List<String> aliases) {
        Set<Path> refs = new LinkedHashSet<>();
        for (String alias : aliases) {
            Matcher m = Pattern.compile("(?<![\\w/.$])" + Pattern.quote(alias) + "(/[^\\s'\";|&)<>`]+)").matcher(command);
            while (m.find()) {
                Path p = dir.resolve(m.group(1).substring(1)).normalize();
                if (p.startsWith(dir) && Files.isRegularFile(p)) {
                    refs.add(p);
                }
            }
        }
        return new ArrayList<>(refs);
    }

    static Plugin file(String name, String kind, String scope, Path configDir, Path file) {
        byte[] bytes = readBytes(file);
        return new Plugin(name, kind, scope, file.toString(), "sha256:" + sha256(bytes), scanFile(configDir.relativize(file).toString(), file, bytes));
    }

    static Plugin tree(String name, String kind, String scope, Path configDir, Path dir) {
        StringBuilder manifest = new StringBuilder();
        List<Finding> findings = new ArrayList<>();
        for (Path f : files(dir)) {
            byte[] bytes = readBytes(f);
            manifest.append(dir.relativize(f)).append('\0').append(sha256(bytes)).append('\n');
            findings.addAll(scanFile(configDir.relativize(f).toString(), f, bytes));
        }
        return new Plugin(name, kind, scope, dir.toString(), "sha256:" + sha256(manifest.toString().getBytes(StandardCharsets.UTF_8)),
                dedupe(findings));
    }

    private static List<Finding> scanFile(String where, Path file, byte[] bytes) {
        if (bytes.length > MAX_SCANNED_BYTES || isBinary(bytes)) {
            return List.of();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return CapabilityScanner.scan(where, text, CapabilityScanner.languageOf(file.getFileName().toString(), text));
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static List<Finding> dedupe(List<Finding> findings) {
        return new ArrayList<>(new LinkedHashSet<>(findings));
    }

    /** Regular files below a directory, following links, in a stable order. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemLoopException) {
                throw new PolicyException("the agent's configuration has a symbolic link loop: " + e.getCause().getMessage(),
                        "remove the link");
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readBytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
