package io.paude.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which files of a workspace are secrets that the agent must not read. The built-in rules follow what projects
 * commonly keep out of version control; the project may add globs (it can only hide more, never less).
 *
 * <p>Rules, at any depth: {@code .env} and {@code .env.*} except templates ({@code .env.example}, {@code .sample},
 * {@code .template}, {@code .dist}); direnv's {@code .envrc}; {@code *.key}, {@code id_rsa*}, {@code id_ed25519*},
 * {@code id_ecdsa*}, {@code id_dsa*}; {@code *.pem} unless it holds only certificates (public); key stores
 * {@code *.p12}, {@code *.pfx}; {@code credentials*.json} and {@code .aws/credentials}; the credential files
 * {@code .netrc}, {@code _netrc}, {@code .git-credentials}, {@code .pgpass}; files whose name contains "secret"
 * unless they are source code or documentation; {@code .npmrc}, {@code .pypirc} when they hold a token or
 * password; and a file of any name that starts with a private key ({@link #privateKeyHead}).
 */
public final class SecretFiles {
    private static final Set<String> TEMPLATE_SUFFIXES = Set.of("example", "sample", "template", "dist", "defaults");
    /** A name containing "secret" is code, not a secret, when it has one of these extensions (SecretsGuard.java). */
    private static final Set<String> CODE_EXTENSIONS = Set.of("java", "kt", "kts", "scala", "groovy", "py", "js", "mjs",
            "cjs", "ts", "tsx", "jsx", "go", "rs", "rb", "php", "c", "h", "cc", "cpp", "hpp", "cs", "swift", "sh", "md",
            "rst", "adoc", "feature", "html", "css", "class");
    private static final Pattern RC_TOKEN = Pattern.compile("(?i)(_authtoken|_auth\\s*=|_password|password|token)");
    /** Files that hold credentials by what they are for, whatever is in them. */
    private static final Set<String> CREDENTIAL_NAMES = Set.of(".envrc", ".netrc", "_netrc", ".git-credentials", ".pgpass");
    /** Registry configurations: secret only when they hold a token or password. */
    private static final Set<String> TOKEN_RC_NAMES = Set.of(".npmrc", ".pypirc");
    /** Only files up to this size are looked at for a private key: keys are a few KiB. */
    static final long KEY_HEAD_MAX_SIZE = 64 * 1024;
    private static final int KEY_HEAD_BYTES = 64;
    /** PEM ("-----BEGIN RSA PRIVATE KEY-----", PKCS#8, OpenSSH, PGP) or PuTTY private keys, at the start of a file. */
    private static final Pattern KEY_HEAD = Pattern.compile(
            "\\A(?:\\xEF\\xBB\\xBF)?\\s*(?:-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-)");

    private final List<PathMatcher> extra;

    private SecretFiles(List<PathMatcher> extra) {
        this.extra = extra;
    }

    /** The built-in rules plus the project's globs (workspace-relative, e.g. {@code config/prod.yml}, {@code **}{@code /*.p12}). */
    public static SecretFiles withPatterns(List<String> globs) {
        List<PathMatcher> m = new ArrayList<>();
        for (String g : globs) {
            m.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        return new SecretFiles(List.copyOf(m));
    }

    /**
     * Every secret file of the workspace, as workspace-relative paths, sorted. Symlinks named like a secret are
     * resolved inside it; every other name of a secret file (a hard link made earlier, for example by an agent while
     * the file was not yet masked) is a secret too.
     */
    public List<Path> find(Path workspace) {
        return find(WorkspaceFiles.walk(workspace));
    }

    /** As {@link #find(Path)}, over a walk already made. */
    List<Path> find(WorkspaceFiles walk) {
        Set<Path> found = new TreeSet<>();
        Map<Object, List<Path>> byInode = new HashMap<>();
        for (WorkspaceFiles.File f : walk.files()) {
            if (f.regular() && f.key() != null) {
                byInode.computeIfAbsent(f.key(), k -> new ArrayList<>(1)).add(f.rel());
            }
            if (f.regular() && (f.privateKey() || isSecret(f.rel(), walk.resolve(f)))) {
                found.add(f.rel());
            } else if (f.symlink() && isSecretName(f.rel())) {
                // a link named like a secret exposes its target: mask the target when it is in the workspace
                resolveInside(walk.root(), walk.resolve(f)).ifPresent(found::add);
            }
        }
        for (List<Path> names : byInode.values()) {
            if (names.size() > 1 && names.stream().anyMatch(found::contains)) {
                found.addAll(names);
            }
        }
        found.addAll(namesInSkipped(walk, found, byInode));
        return List.copyOf(found);
    }

    /**
     * The names of secret files inside the directories the walk skipped ({@code .git}): a hard link there reads the
     * secret as well as any other. Those directories are listed only when a secret has more links than the walk saw
     * (links outside the workspace are out of the agent's reach, but cannot be told apart without listing).
     */
    private static Set<Path> namesInSkipped(WorkspaceFiles walk, Set<Path> found, Map<Object, List<Path>> byInode) {
        Set<String> wanted = new HashSet<>();
        for (Path rel : found) {
            try {
                Path file = walk.root().resolve(rel);
                Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
                int links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                List<Path> seen = key == null ? null : byInode.get(key.toString());
                if (key != null && links > (seen == null ? 1 : seen.size())) {
                    wanted.add(key.toString());
                }
            } catch (IOException | RuntimeException vanished) {
                // gone since the walk: nothing to read
            }
        }
        Set<Path> out = new TreeSet<>();
        if (!wanted.isEmpty()) {
            for (Path skipped : walk.skipped()) {
                walk.tree(skipped).stream().filter(f -> wanted.contains(f.key())).map(WorkspaceFiles.File::rel).forEach(out::add);
            }
        }
        return out;
    }

    private static java.util.Optional<Path> resolveInside(Path root, Path link) {
        try {
            Path real = link.toRealPath();
            Path realRoot = root.toRealPath();
            if (real.startsWith(realRoot) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.of(realRoot.relativize(real));
            }
        } catch (IOException dangling) {
            // a dangling link exposes nothing
        }
        return java.util.Optional.empty();
    }

    /** Whether the file at {@code rel} (content at {@code file}) is a secret. */
    boolean isSecret(Path rel, Path file) {
        for (PathMatcher m : extra) {
            if (m.matches(rel)) {
                return true;
            }
        }
        String name = rel.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pem")) {
            return !onlyCertificates(file);
        }
        if (TOKEN_RC_NAMES.contains(lower)) {
            return contains(file, RC_TOKEN);
        }
        return isSecretName(rel);
    }

    /** The rules that depend on the name alone. */
    boolean isSecretName(Path rel) {
        String lower = rel.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.equals(".env") || CREDENTIAL_NAMES.contains(lower)) {
            return true;
        }
        if (lower.startsWith(".env.")) {
            return !TEMPLATE_SUFFIXES.contains(lower.substring(lower.lastIndexOf('.') + 1));
        }
        if (lower.endsWith(".key") || lower.endsWith(".pem") || lower.startsWith("id_rsa") || lower.startsWith("id_ed25519")
                || lower.startsWith("id_ecdsa") || lower.startsWith("id_dsa")) {
            return !lower.endsWith(".pub");
        }
        if (lower.endsWith(".p12") || lower.endsWith(".pfx") || lower.startsWith("credentials") && lower.endsWith(".json")) {
            return true;
        }
        if (lower.equals("credentials") && rel.getParent() != null
                && rel.getParent().getFileName().toString().toLowerCase(Locale.ROOT).equals(".aws")) {
            return true;
        }
        if (lower.contains("secret")) {
            int dot = lower.lastIndexOf('.');
            return dot < 0 || !CODE_EXTENSIONS.contains(lower.substring(dot + 1));
        }
        return false;
    }

    /**
     * Whether a regular file of {@code size} bytes starts with a private key (after a byte-order mark and blank
     * space): only the first {@value #KEY_HEAD_BYTES} bytes of files up to {@link #KEY_HEAD_MAX_SIZE} are read, so
     * the walk stays cheap. A key further into a file is the pre-flight scan's finding. Unreadable: false (what the
     * launcher cannot read, the agent, same user with fewer rights, cannot either).
     */
    static boolean privateKeyHead(Path file, long size) {
        if (size < 20 || size > KEY_HEAD_MAX_SIZE) {
            return false;
        }
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return privateKeyHead(in.readNBytes(KEY_HEAD_BYTES));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether these first bytes of a file are the start of a private key. */
    static boolean privateKeyHead(byte[] head) {
        return KEY_HEAD.matcher(new String(head, StandardCharsets.ISO_8859_1)).find();
    }

    private static boolean onlyCertificates(Path file) {
        try {
            String s = readHead(file);
            return s.contains("-----BEGIN CERTIFICATE-----") && !s.contains("PRIVATE KEY");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(Path file, Pattern p) {
        try {
            return p.matcher(readHead(file)).find();
        } catch (IOException e) {
            return true; // unreadable for us: hide it rather than guess
        }
    }

    private static String readHead(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.ISO_8859_1);
        }
    }
}
