package io.paude.credentials;

import io.paude.Measure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the workspace's git repository tells before a session: whether there is one, its remotes, and credentials
 * written into its configuration. The configuration is read as a file, never by running git in the workspace: the
 * agent of an earlier session could have planted {@code core.fsmonitor} or hooks there that the host's git would run.
 *
 * @param gitDir      the repository's common git directory, empty when the workspace is not in a repository
 * @param remotes     remote name to its URLs (url and pushurl)
 * @param credentials credentials found in the configuration, already masked for display
 */
public record WorkspaceGit(Optional<Path> gitDir, Map<String, List<String>> remotes, List<String> credentials) {
    private static final long MAX_CONFIG = 1024 * 1024;
    /** userinfo of a URL: {@code scheme://USERINFO@host}. */
    private static final Pattern USERINFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*)://([^/@\\s\"]+)@([^/\\s\"]*)");
    private static final List<String> TOKEN_PREFIXES = List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-");

    public WorkspaceGit {
        remotes = Map.copyOf(remotes);
        credentials = List.copyOf(credentials);
    }

    /** Reads the repository that contains {@code workspace}, if any. */
    public static WorkspaceGit inspect(Path workspace) {
        Optional<Path> dir = findGitDir(workspace);
        if (dir.isEmpty()) {
            return new WorkspaceGit(Optional.empty(), Map.of(), List.of());
        }
        Path config = dir.get().resolve("config");
        String text = "";
        try {
            if (Files.isRegularFile(config) && Files.size(config) <= MAX_CONFIG) {
                text = Files.readString(config, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // unreadable configuration: treated as one without remotes, which is warned about
        }
        return fromConfig(dir.get(), text);
    }

    static WorkspaceGit fromConfig(Path gitDir, String configText) {
        Map<String, List<String>> remotes = new LinkedHashMap<>();
        List<String> creds = new ArrayList<>();
        for (String[] e : GitConfigFile.entries(configText)) {
            String section = e[0].toLowerCase(Locale.ROOT);
            String sub = e[1];
            String key = e[2].toLowerCase(Locale.ROOT);
            String value = e[3];
            String where = sub == null ? section + "." + key : section + " '" + sub + "' " + key;
            if (section.equals("remote") && sub != null && (key.equals("url") || key.equals("pushurl"))) {
                remotes.computeIfAbsent(sub, x -> new ArrayList<>()).add(value);
            }
            if (section.equals("http") && key.equals("extraheader") && value.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
                int colon = value.indexOf(':');
                creds.add(where + " sends a fixed header: " + value.substring(0, colon + 1) + " " + mask(value.substring(colon + 1).strip()));
            }
            for (String text : sub == null ? List.of(value) : List.of(sub, value)) {
                maskedCredentialUrl(text).ifPresent(m -> creds.add(where + " = " + m));
            }
        }
        return new WorkspaceGit(Optional.of(gitDir), remotes, creds.stream().distinct().toList());
    }

    /** The warnings of task 5 (no repository, no remote) and task 6 (credentials in the configuration). */
    public List<String> warnings(Path workspace) {
        List<String> w = new ArrayList<>();
        if (gitDir.isEmpty()) {
            if (Measure.WORKSPACE_RECOVERY_WARNINGS.enforced()) {
                w.add("the workspace " + workspace + " is not a git repository: nothing can undo what the agent changes or"
                        + " deletes. Fix: git init, commit, and push to a remote (README, \"Workspace protection\").");
            }
            return w;
        }
        if (remotes.isEmpty() && Measure.WORKSPACE_RECOVERY_WARNINGS.enforced()) {
            w.add("the git repository of the workspace " + workspace + " has no remote: the agent can rewrite .git too,"
                    + " so only a pushed copy is safe. Fix: add a remote and push (README, \"Workspace protection\").");
        }
        for (String c : credentials) {
            w.add("the workspace's git configuration carries credentials (" + c + "): git inside the sandbox can use them"
                    + " to push to any allowlisted host. Remove them from " + gitDir.get().resolve("config")
                    + " (git remote set-url NAME URL-without-credentials) and keep tokens in a credential helper on the"
                    + " host (docs/credentials.md).");
        }
        return w;
    }

    /** The URL with its secret masked, when {@code text} contains a URL with credentials in it. */
    static Optional<String> maskedCredentialUrl(String text) {
        Matcher m = USERINFO.matcher(text);
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String userinfo = m.group(2);
            int colon = userinfo.indexOf(':');
            String masked;
            if (colon >= 0) {
                masked = userinfo.substring(0, colon) + ":" + mask(userinfo.substring(colon + 1));
            } else if (scheme.startsWith("http") && looksLikeToken(userinfo)) {
                masked = mask(userinfo);
            } else {
                continue; // ssh://git@host: a user name, not a secret
            }
            return Optional.of(m.group(1) + "://" + masked + "@" + m.group(3) + text.substring(m.end()).split("\\s", 2)[0]);
        }
        return Optional.empty();
    }

    static boolean looksLikeToken(String user) {
        return user.length() >= 20 || TOKEN_PREFIXES.stream().anyMatch(user::startsWith);
    }

    /** Enough of a secret to recognise which one it is, never enough to use it. */
    static String mask(String secret) {
        return secret.length() >= 16 ? secret.substring(0, 4) + "****" : "****";
    }

    /** The common git directory of the repository containing {@code start}: handles {@code .git} files (worktrees). */
    static Optional<Path> findGitDir(Path start) {
        for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path dotGit = d.resolve(".git");
            try {
                if (Files.isDirectory(dotGit)) {
                    return Optional.of(common(dotGit));
                }
                if (Files.isRegularFile(dotGit)) {
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (line.startsWith("gitdir:")) {
                        return Optional.of(common(d.resolve(line.substring(7).strip()).normalize()));
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Path common(Path gitDir) throws IOException {
        Path commondir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commondir)) {
            return gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip()).normalize();
        }
        return gitDir;
    }
}
