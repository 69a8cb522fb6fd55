package io.paude.settings;

import io.paude.config.PaudeConfig.LimitSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The options of {@code run}, {@code start} and {@code demo} as the command line gave them: raw values, null (or
 * empty, or false) where a flag was not given, picocli's default where it has one. {@code cli/SandboxOptions}
 * collects them; {@link Resolver} checks them and combines them with the configuration files into {@link Settings}.
 *
 * @param agent       {@code --agent}
 * @param claudeArgs  {@code --claude-arg}, in order
 * @param workspace   {@code --workspace}, else the current directory; absolute and normalized
 * @param auth        {@code --auth}
 * @param upstreamCa  {@code --upstream-ca}
 * @param runtime     {@code --runtime}
 * @param limits      {@code --cpus}, {@code --memory}, {@code --pids-limit}, {@code --nofile}, {@code --tmp-size}
 * @param network     the network's flags
 * @param audit       the audit log's flags
 * @param guards      the guards' flags
 * @param acceptUnenforcedLimits {@code --accept-unenforced-limits}
 */
public record Flags(String agent, List<String> claudeArgs, Path workspace, String auth, Path upstreamCa, String runtime,
        LimitSettings limits, Network network, Audit audit, Guards guards, boolean acceptUnenforcedLimits) {
    public Flags {
        claudeArgs = copy(claudeArgs);
        workspace = (workspace != null ? workspace : Path.of("")).toAbsolutePath().normalize();
        limits = limits == null ? LimitSettings.NONE : limits;
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(guards, "guards");
    }

    /**
     * {@code --allow-network}, {@code --allow-domain}, {@code --egress-network}, {@code --proxy-dns} and
     * {@code --allow-private-destinations}.
     */
    public record Network(boolean open, List<String> allowDomains, String egress, List<String> proxyDns,
            List<String> privateDestinations) {
        public Network {
            allowDomains = copy(allowDomains);
            proxyDns = copy(proxyDns);
            privateDestinations = copy(privateDestinations);
        }
    }

    /** {@code --audit-max-size}, {@code --audit-keep-sessions} and {@code --audit-max-age}. */
    public record Audit(String maxSize, int keepSessions, int maxAgeDays) {
    }

    /**
     * {@code --allow-untrusted-plugins}, {@code --allow-secrets}, {@code --allow-tracked-secrets}, {@code --secret}
     * (in order) and {@code --git-backups-keep}.
     */
    public record Guards(boolean allowUntrustedPlugins, boolean allowSecrets, boolean allowTrackedSecrets,
            List<String> secrets, Integer gitBackupsKeep) {
        public Guards {
            secrets = copy(secrets);
        }
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
