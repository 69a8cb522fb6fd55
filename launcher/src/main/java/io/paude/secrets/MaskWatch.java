package io.paude.secrets;

import io.paude.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches the directories of a session's masked files while {@code paude run}'s agent works: a rename over a masked
 * file (inotify's moved-to or create) makes {@link MaskCheck} look at once, and it warns about each replaced file the
 * moment it is seen; a masked name removed and made again counts as replaced even with its old inode number. It
 * looks every {@link #LOOK_EVERY_MS} ms as well, for the changes inotify cannot report (its limits reached). Nothing
 * depends on it; the session's end checks again.
 */
public final class MaskWatch {
    private static final long LOOK_EVERY_MS = 2000;

    private final String session;
    private final Path sessionDir;
    private final Path workspace;
    private final PrintWriter err;
    private final Set<String> warned = new HashSet<>();
    /** Names seen removed or renamed away: a mount point removed is a mask gone, whatever inode comes back. */
    private final Set<String> removed = new HashSet<>();
    private volatile boolean stopped;
    private Thread thread;

    private MaskWatch(String session, Path sessionDir, Path workspace, PrintWriter err) {
        this.session = session;
        this.sessionDir = sessionDir;
        this.workspace = workspace;
        this.err = err;
    }

    /** Starts watching the session's masked files; null when it has none. */
    public static MaskWatch start(String session, Path sessionDir, Path workspace, PrintWriter err) {
        Path record = sessionDir.resolve(MaskCheck.FILE);
        try {
            if (!Files.isRegularFile(record) || Files.size(record) == 0) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        MaskWatch w = new MaskWatch(session, sessionDir, workspace, err);
        w.thread = new Thread(w::watch, "paude-mask-watch");
        w.thread.setDaemon(true);
        w.thread.start();
        return w;
    }

    public void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void watch() {
        try (WatchService changes = FileSystems.getDefault().newWatchService()) {
            for (Path dir : directories()) {
                try {
                    dir.register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                } catch (IOException noWatch) {
                    // looked at every LOOK_EVERY_MS instead
                }
            }
            while (!stopped) {
                look();
                var key = changes.poll(LOOK_EVERY_MS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    for (var event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE && event.context() instanceof Path name
                                && key.watchable() instanceof Path dir) {
                            removed.add(workspace.relativize(dir.resolve(name)).toString());
                        }
                    }
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException done) {
            // the agent ended; the session's end checks once more
        } catch (IOException noWatchService) {
            err.println("paude: warning: cannot watch the masked secret files of session " + session
                    + "; they are checked at its end: " + noWatchService.getMessage());
            err.flush();
        }
    }

    private void look() {
        try {
            List<String> now = MaskCheck.replaced(sessionDir, workspace, removed).stream().filter(warned::add).toList();
            MaskCheck.warn(session, sessionDir, now, err);
        } catch (RuntimeException e) {
            if (warned.add("")) {
                err.println("paude: warning: could not check the masked secret files of session " + session + ": "
                        + SafeText.of(String.valueOf(e.getMessage())));
                err.flush();
            }
        }
    }

    private Set<Path> directories() throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (String line : Files.readAllLines(sessionDir.resolve(MaskCheck.FILE))) {
            Path parent = workspace.resolve(line.substring(line.indexOf('\t') + 1)).getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        }
        return dirs;
    }
}
