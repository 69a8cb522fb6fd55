package io.paude.steps.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.steps.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workspace's git repository of the history scenarios: its refs and stash entries before any session, git run
 * on it from the host (nothing planted in it runs) and from the agent, and the backups the launcher announced.
 */
public final class HistoryRepo {
    private static final Pattern BACKUP_DIR = Pattern.compile("backed up .* to (\\S+/backups/(\\S+))");
    private final World world;
    /** Every ref ("sha name") and the stash entries of the repository before any session. */
    private String stateBefore;
    /** What each session's start printed, in order. */
    public final List<String> startErrs = new ArrayList<>();

    public HistoryRepo(World world) {
        this.world = world;
    }

    /** Takes the repository's refs and stash entries as they are now as the state before any session. */
    public String recordState() {
        stateBefore = state();
        return stateBefore;
    }

    public String stateBefore() {
        return stateBefore;
    }

    /** Runs a shell command in the workspace on the host, with git configured so nothing planted there runs. */
    public Cmd.Result host(String shell) {
        Cmd.Result r = Cmd.run(List.of("sh", "-c", "cd " + world.workspace.dir() + " && " + shell), Map.ofEntries(
                Map.entry("GIT_CONFIG_GLOBAL", "/dev/null"), Map.entry("GIT_CONFIG_COUNT", "5"),
                Map.entry("GIT_CONFIG_KEY_0", "safe.directory"), Map.entry("GIT_CONFIG_VALUE_0", "*"),
                Map.entry("GIT_CONFIG_KEY_1", "user.name"), Map.entry("GIT_CONFIG_VALUE_1", "user"),
                Map.entry("GIT_CONFIG_KEY_2", "user.email"), Map.entry("GIT_CONFIG_VALUE_2", "user@host.invalid"),
                Map.entry("GIT_CONFIG_KEY_3", "core.hooksPath"), Map.entry("GIT_CONFIG_VALUE_3", "/dev/null"),
                Map.entry("GIT_CONFIG_KEY_4", "core.fsmonitor"), Map.entry("GIT_CONFIG_VALUE_4", "false")), Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    /** Every ref and stash entry of the repository now. */
    public String state() {
        return host("git for-each-ref --format='%(objectname) %(refname)' && git log -g --format='stash %H' refs/stash").out();
    }

    /** The commit {@code name} pointed at before any session. */
    public String ref(String name) {
        return stateBefore.lines().filter(l -> l.endsWith(" " + name)).map(l -> l.substring(0, l.indexOf(' '))).findFirst().orElseThrow();
    }

    /** Runs a shell command in the repository inside the agent. */
    public Cmd.Result inRepo(String shell) {
        return world.inAgent("cd " + world.workspace.dir() + " && " + shell);
    }

    /** Runs a command as the README writes it ("paude git ...") on this workspace. */
    public Cmd.Result paudeOnWorkspace(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.replaceFirst("^paude ", "").split(" ")));
        args.addAll(List.of("--workspace", world.workspace.dir().toString()));
        return world.runPaude(args);
    }

    /** The id of the backup a start announced. */
    public static String backupId(String startErr) {
        return backup(startErr).group(2);
    }

    /** The directory of the backup a start announced. */
    public static Path backupDir(String startErr) {
        return Path.of(backup(startErr).group(1));
    }

    private static Matcher backup(String startErr) {
        Matcher m = BACKUP_DIR.matcher(startErr);
        assertThat(m.find()).as("the launcher's output names the backup:\n%s", startErr).isTrue();
        return m;
    }
}
