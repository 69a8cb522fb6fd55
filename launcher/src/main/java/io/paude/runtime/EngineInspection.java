package io.paude.runtime;

import io.paude.runtime.EngineCli.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link CliEngine} reads of the engine's objects: images, a container's state, labels, logs and OOM kills,
 * the containers and networks of a session, and the engine's {@code info} and {@code inspect} through a template.
 */
final class EngineInspection {
    private final EngineCli cli;

    EngineInspection(EngineCli cli) {
        this.cli = cli;
    }

    boolean imageExists(String image) {
        return cli.call(List.of("image", "inspect", "--format", "{{.Id}}", image)).code() == 0;
    }

    Optional<ContainerState> state(String container) {
        Result r = cli.call(List.of("inspect", "--type", "container", "--format",
                "{{.State.Status}}|{{.State.Running}}|{{.State.ExitCode}}|{{.State.OOMKilled}}", container));
        if (r.code() != 0) {
            return Optional.empty();
        }
        String[] p = r.out().strip().split("\\|");
        return Optional.of(new ContainerState(p[0], Boolean.parseBoolean(p[1]), Integer.parseInt(p[2]), Boolean.parseBoolean(p[3])));
    }

    String logs(String container) {
        Result r = cli.call(List.of("logs", container));
        return r.out() + r.err();
    }

    int oomKills(String container) {
        // cgroup v2 counts in memory.events, v1 in memory.oom_control; both say "oom_kill N".
        Result r = cli.call(List.of("exec", container, "cat", "/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"));
        return r.out().lines().filter(l -> l.startsWith("oom_kill ")).mapToInt(l -> Integer.parseInt(l.substring(9).strip()))
                .findFirst().orElse(-1);
    }

    List<String> containers(Map<String, String> labels) {
        return names(List.of("ps", "--all", "--format", "{{.Names}}"), labels);
    }

    List<String> networks(Map<String, String> labels) {
        return names(List.of("network", "ls", "--format", "{{.Name}}"), labels);
    }

    /** The names a listing ({@code ps}, {@code network ls}) prints of the objects carrying all {@code labels}. */
    private List<String> names(List<String> listing, Map<String, String> labels) {
        List<String> a = new ArrayList<>(listing);
        a.addAll(Argv.labelFilters(labels));
        return EngineCli.lines(cli.check(a).out());
    }

    Map<String, String> containerLabels(String container) {
        return parseLabels(cli.check(List.of("inspect", "--type", "container", "--format",
                "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}", container)));
    }

    Map<String, String> networkLabels(String network) {
        Result r = cli.call(List.of("network", "inspect", "--format", "{{range $k, $v := .Labels}}{{$k}}={{$v}}\n{{end}}", network));
        return r.code() == 0 ? parseLabels(r) : Map.of();
    }

    private static Map<String, String> parseLabels(Result r) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : EngineCli.lines(r.out())) {
            int i = line.indexOf('=');
            if (i > 0) {
                labels.put(line.substring(0, i), line.substring(i + 1));
            }
        }
        return labels;
    }

    String info(String format) {
        return cli.check(List.of("info", "--format", format)).out().strip();
    }

    String inspect(String object, String format) {
        return cli.check(List.of("inspect", "--format", format, object)).out().strip();
    }
}
