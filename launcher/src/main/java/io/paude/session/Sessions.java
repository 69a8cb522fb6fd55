package io.paude.session;

import io.paude.guard.GuardContext;
import io.paude.guard.Guards;
import io.paude.plan.Labels;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.ContainerState;
import io.paude.runtime.EngineException;
import io.paude.settings.GuardOptions;
import io.paude.state.StatePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sessions the engine holds, found by their labels: {@code paude list}, {@code paude stop} and {@code paude prune}.
 * Nothing here starts a session ({@link SessionLauncher}) or runs in one ({@link SessionExec}).
 */
record Sessions(ContainerEngine engine, StatePaths paths, Guards guards, PrintWriter err) {
    /** Removes every container and network of a session. */
    boolean stop(String session) {
        Map<String, String> filter = Map.of(Labels.SESSION, session);
        List<String> containers = engine.containers(filter);
        String workspace = null;
        for (String c : containers) {
            try {
                workspace = engine.containerLabels(c).get(Labels.WORKSPACE);
                break;
            } catch (EngineException vanished) {
                // removed meanwhile
            }
        }
        List<String> networks = engine.networks(filter);
        engine.removeContainers(containers);
        networks.forEach(engine::releaseHostIsolation);
        engine.removeNetworks(networks);
        if (workspace != null) {
            guards.afterEnd(new GuardContext(session, paths.session(session), Path.of(workspace), paths, System.getenv(),
                    GuardOptions.NONE, err));
        }
        return !containers.isEmpty() || !networks.isEmpty();
    }

    List<SessionInfo> list() {
        Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        for (String c : engine.containers(anySession())) {
            Map<String, String> l;
            try {
                l = engine.containerLabels(c);
            } catch (EngineException vanished) {
                continue; // removed meanwhile (another session stopped): not worth failing the listing
            }
            String name = l.get(Labels.SESSION);
            String role = l.getOrDefault(Labels.ROLE, "?");
            String st = engine.state(c).map(ContainerState::describe).orElse("gone");
            SessionInfo prev = sessions.getOrDefault(name, new SessionInfo(name, l.get(Labels.WORKSPACE), l.get(Labels.MODE), "-", "-"));
            sessions.put(name, "proxy".equals(role)
                    ? new SessionInfo(name, prev.workspace(), prev.mode(), prev.agent(), st)
                    : new SessionInfo(name, prev.workspace(), prev.mode(), st, prev.proxy()));
        }
        return new ArrayList<>(sessions.values());
    }

    /**
     * Removes what crashed launchers left behind: attached sessions whose launcher process is gone, and with
     * {@code all}, every paude session.
     */
    List<String> prune(boolean all) {
        Map<String, Map<String, String>> sessions = new LinkedHashMap<>();
        for (String c : engine.containers(anySession())) {
            try {
                Map<String, String> l = engine.containerLabels(c);
                sessions.putIfAbsent(l.get(Labels.SESSION), l);
            } catch (EngineException vanished) {
                // removed meanwhile (its session stopped): nothing left to prune
            }
        }
        List<String> removed = new ArrayList<>();
        sessions.forEach((session, l) -> {
            boolean orphan = "attached".equals(l.get(Labels.MODE)) && !launcherAlive(l.get(Labels.LAUNCHER_PID));
            if (all || orphan) {
                stop(session);
                removed.add(session);
            }
        });
        for (String n : engine.networks(anySession())) {
            Map<String, String> l = engine.networkLabels(n);
            String session = l.get(Labels.SESSION);
            boolean launching = launcherAlive(l.get(Labels.LAUNCHER_PID));
            if (all || !sessions.containsKey(session) && !launching) {
                engine.releaseHostIsolation(n);
                engine.removeNetworks(List.of(n));
                if (!removed.contains(session)) {
                    removed.add(session);
                }
            }
        }
        return removed;
    }

    /** The sessions that have a container, by name (container names are SESSION-agent and SESSION-proxy). */
    static Set<String> live(ContainerEngine engine) {
        Set<String> live = new HashSet<>();
        engine.containers(anySession()).forEach(c -> live.add(c.replaceFirst("-(agent|proxy)$", "")));
        return live;
    }

    /** A filter on the session label, whatever its value. */
    private static Map<String, String> anySession() {
        Map<String, String> any = new LinkedHashMap<>();
        any.put(Labels.SESSION, null);
        return any;
    }

    private static boolean launcherAlive(String pid) {
        try {
            return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
