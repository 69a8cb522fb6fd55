package io.paude.policy;

import java.util.List;
import java.util.Map;

/**
 * Named groups of hosts that users allow as one ({@code --allow-domain npm}). Package registries are not on the
 * default allowlist (task 12 of docs/tasks.md); an alias enables exactly the hosts its client needs.
 */
public final class RegistryAliases {
    private static final Map<String, List<String>> ALIASES = Map.of(
            "npm", List.of("registry.npmjs.org"),
            "pypi", List.of("pypi.org", "files.pythonhosted.org"),
            "crates", List.of("crates.io", "index.crates.io", "static.crates.io"),
            "maven", List.of("repo.maven.apache.org", "repo1.maven.org"),
            "go", List.of("proxy.golang.org", "sum.golang.org"),
            "rubygems", List.of("rubygems.org", "index.rubygems.org"),
            "github", List.of("github.com", "codeload.github.com", "objects.githubusercontent.com"));

    private RegistryAliases() {
    }

    /** The entries one raw value stands for: an alias's hosts, or the value itself parsed as a domain. */
    public static List<AllowedDomain> expand(String raw) {
        List<String> hosts = raw == null ? null : ALIASES.get(raw);
        if (hosts != null) {
            return hosts.stream().map(AllowedDomain::parse).toList();
        }
        return List.of(AllowedDomain.parse(raw));
    }

    public static Map<String, List<String>> all() {
        return ALIASES;
    }
}
