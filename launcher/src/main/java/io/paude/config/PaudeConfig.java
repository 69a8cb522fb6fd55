package io.paude.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.paude.policy.AgentRuntime;
import java.util.List;

/**
 * The settings a configuration file may hold; every field is optional. Read from the user's
 * {@code ~/.config/paude/config.json} and from the project's {@code paude.json}; which one wins, and where the flags
 * come in, is {@code settings/Resolver}'s.
 *
 * <pre>{"allowDomains": [".anthropic.com", "npm"], "engine": "podman",
 *  "limits": {"cpus": 2, "memory": "4g", "pids": 512, "nofile": 4096, "tmpSize": "1g"},
 *  "gitBackups": {"keep": 10},
 *  "secrets": {"mask": ["config/prod.yml"], "allow": ["test/fixtures/**"]},
 *  "runtime": "runsc"}</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PaudeConfig(
        @JsonProperty("allowDomains") List<String> allowDomains,
        @JsonProperty("engine") String engine,
        @JsonProperty("limits") LimitSettings limits,
        @JsonProperty("gitBackups") GitBackupSettings gitBackups,
        @JsonProperty("secrets") SecretSettings secrets,
        @JsonProperty("runtime") String runtime) {

    public PaudeConfig {
        allowDomains = allowDomains == null ? List.of() : List.copyOf(allowDomains);
        limits = limits == null ? LimitSettings.NONE : limits;
        gitBackups = gitBackups == null ? GitBackupSettings.NONE : gitBackups;
        secrets = secrets == null ? SecretSettings.NONE : secrets;
        if (runtime != null) {
            AgentRuntime.parse(runtime); // a typo fails when the file is read, not at the start of a session
        }
    }

    public static final PaudeConfig EMPTY = new PaudeConfig(List.of(), null, null, null, null, null);

    /**
     * Secret handling of the project: {@code mask} adds workspace-relative globs of files to hide from the agent
     * (a project can only hide more), {@code allow} lists globs of files the pre-flight scan accepts (test
     * fixtures with fake keys). Both add up across the user's and the project's file.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record SecretSettings(@JsonProperty("mask") List<String> mask, @JsonProperty("allow") List<String> allow) {
        public static final SecretSettings NONE = new SecretSettings(List.of(), List.of());

        public SecretSettings {
            mask = mask == null ? List.of() : List.copyOf(mask);
            allow = allow == null ? List.of() : List.copyOf(allow);
        }
    }

    /** Resource limit settings (of a file, or of the flags); null means "not set here". */
    public record LimitSettings(Double cpus, String memory, Long pids, Long nofile, String tmpSize) {
        public static final LimitSettings NONE = new LimitSettings(null, null, null, null, null);
    }

    /** Git history backups: how many to keep per repository (null: not set here). */
    public record GitBackupSettings(@JsonProperty("keep") Integer keep) {
        static final GitBackupSettings NONE = new GitBackupSettings(null);
    }
}
