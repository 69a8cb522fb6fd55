package io.paude.steps.support;

import java.util.Arrays;

/**
 * What an agent plants in a repository so that git runs a program of its choice later, on the host: each with the
 * shell script the agent runs in the workspace inside the sandbox ({@code MARKER} stands for the host file the
 * planted program creates), the plain git command that sets it off when the user runs git there outside paude (the
 * positive control: the plant is live), and what the end-of-session report must name.
 */
public enum Plant {
    FSMONITOR("core.fsmonitor", "git config core.fsmonitor 'touch MARKER'", "git status", ".git/config core.fsmonitor"),
    REFERENCE_TRANSACTION_HOOK("a reference-transaction hook",
            "printf '#!/bin/sh\\ntouch MARKER\\n' > .git/hooks/reference-transaction && chmod +x .git/hooks/reference-transaction",
            "git update-ref refs/heads/plain HEAD", ".git/hooks/reference-transaction"),
    HOOKS_PATH("core.hooksPath", "mkdir -p .githooks && printf '#!/bin/sh\\ntouch MARKER\\n' > .githooks/reference-transaction"
            + " && chmod +x .githooks/reference-transaction && git config core.hooksPath .githooks",
            "git update-ref refs/heads/plain HEAD", ".git/config core.hookspath"),
    SSH_COMMAND_BEHIND_INSTEADOF("core.sshCommand behind url.insteadOf",
            "git config url.ssh://plant.invalid/.insteadOf / && git config core.sshCommand 'touch MARKER; false'",
            "git fetch /tmp/paude-no-such-repository", ".git/config core.sshcommand"),
    CREDENTIAL_HELPER("credential.helper", "git config credential.helper '!touch MARKER'",
            "printf 'protocol=https\\nhost=plant.invalid\\n\\n' | git credential fill", ".git/config credential.helper"),
    EDITOR("core.editor", "git config core.editor 'touch MARKER; false'", "git commit --allow-empty", ".git/config core.editor"),
    DIFF_EXTERNAL("diff.external", "git config diff.external 'touch MARKER; true'", "echo changed >> work.txt && git diff",
            ".git/config diff.external"),
    FILTER_IN_GITATTRIBUTES("a filter named in .gitattributes",
            "git config filter.plant.clean 'touch MARKER; cat' && git config filter.plant.smudge 'touch MARKER; cat'"
            + " && echo '* filter=plant' > .gitattributes", "echo changed >> work.txt && git add work.txt",
            ".git/config filter.plant.clean"),
    FILTER_IN_INFO_ATTRIBUTES("a filter named in .git/info/attributes",
            "git config filter.plant.clean 'touch MARKER; cat' && mkdir -p .git/info && echo '* filter=plant' > .git/info/attributes",
            "echo changed >> work.txt && git add work.txt", ".git/info/attributes"),
    INCLUDE("include.path", "printf '[core]\\n\\tfsmonitor = touch MARKER\\n' > .git/plant.conf && git config include.path plant.conf",
            "git status", ".git/config include.path"),
    INCLUDE_IF("includeIf.gitdir", "printf '[core]\\n\\tfsmonitor = touch MARKER\\n' > .git/plant.conf"
            + " && git config includeIf.gitdir:/.path plant.conf", "git status", ".git/config includeif.gitdir:/.path"),
    WORKTREE_CONFIG("config.worktree", "git config core.repositoryformatversion 1 && git config extensions.worktreeConfig true"
            + " && git config --worktree core.fsmonitor 'touch MARKER'", "git status", ".git/config.worktree core.fsmonitor"),
    CONFIG_SYMLINK(".git/config as a symbolic link", "cp .git/config .git/real.conf"
            + " && printf '[core]\\n\\tfsmonitor = touch MARKER\\n' >> .git/real.conf && ln -sf real.conf .git/config",
            "git status", ".git/config: file"),
    EXT_PROTOCOL("protocol.ext.allow with an ext:: remote",
            "git config protocol.ext.allow always && git remote add plant 'ext::sh -c touch% MARKER'", "git fetch plant",
            ".git/config protocol.ext.allow"),
    SUBMODULE_CONFIG("a submodule's config under .git/modules",
            "mkdir -p .git/modules && git init -q --separate-git-dir .git/modules/sub sub && git -C sub config core.fsmonitor 'touch MARKER'",
            "git -C sub status", ".git/modules/sub/config core.fsmonitor");

    private final String label;
    private final String script;
    private final String trigger;
    private final String reported;

    Plant(String label, String script, String trigger, String reported) {
        this.label = label;
        this.script = script;
        this.trigger = trigger;
        this.reported = reported;
    }

    public static Plant named(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no plant named '" + label + "'"));
    }

    /** The agent's script, planting a program that creates {@code marker}. */
    public String script(String marker) {
        return script.replace("MARKER", marker);
    }

    /** The plain git command (run in the workspace, outside paude) that sets the plant off. */
    public String trigger() {
        return trigger;
    }

    /** What the end-of-session report names. */
    public String reported() {
        return reported;
    }
}
