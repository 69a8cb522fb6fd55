package io.paude.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the workspace's top-level {@code .gitignore} keeps common secret files out of commits, and adding the
 * missing patterns on request. A pattern counts as present when any (non-negated) line of .gitignore matches a
 * typical file name of it, so {@code .env*} covers both {@code .env} and {@code .env.*}.
 */
public final class GitignoreCheck {
    /** Recommended pattern -> a file name it must ignore. */
    static final Map<String, String> RECOMMENDED = new LinkedHashMap<>();

    static {
        RECOMMENDED.put(".env", ".env");
        RECOMMENDED.put(".env.*", ".env.local");
        RECOMMENDED.put("*.pem", "server.pem");
        RECOMMENDED.put("*.key", "server.key");
        RECOMMENDED.put("id_rsa*", "id_rsa");
        RECOMMENDED.put("id_ed25519*", "id_ed25519");
        RECOMMENDED.put("credentials*.json", "credentials.json");
        RECOMMENDED.put("secrets.*", "secrets.txt");
    }

    private GitignoreCheck() {
    }

    /** The recommended patterns the workspace's .gitignore does not cover. */
    public static List<String> missing(Path workspace) {
        List<String> lines = new ArrayList<>();
        Path gi = workspace.resolve(".gitignore");
        if (Files.isRegularFile(gi)) {
            try {
                for (String l : Files.readAllLines(gi)) {
                    String t = l.strip();
                    if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("!")) {
                        lines.add(t.replaceFirst("^\\*\\*/", "").replaceFirst("^/", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> missing = new ArrayList<>();
        RECOMMENDED.forEach((pattern, sample) -> {
            boolean covered = lines.stream().anyMatch(l -> {
                try {
                    return FileSystems.getDefault().getPathMatcher("glob:" + l).matches(Path.of(sample));
                } catch (IllegalArgumentException notAGlob) {
                    return l.equals(sample);
                }
            });
            if (!covered) {
                missing.add(pattern);
            }
        });
        return missing;
    }

    /** Appends the missing patterns (and the template exception) to .gitignore; returns what was added. */
    public static List<String> add(Path workspace) {
        List<String> missing = missing(workspace);
        if (missing.isEmpty()) {
            return missing;
        }
        Path gi = workspace.resolve(".gitignore");
        StringBuilder sb = new StringBuilder();
        try {
            if (Files.isRegularFile(gi) && !Files.readString(gi).isEmpty() && !Files.readString(gi).endsWith("\n")) {
                sb.append('\n');
            }
            sb.append("# secrets (added by paude secrets gitignore --add)\n");
            missing.forEach(p -> sb.append(p).append('\n'));
            if (missing.contains(".env.*")) {
                sb.append("!.env.example\n");
            }
            Files.writeString(gi, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }
}
