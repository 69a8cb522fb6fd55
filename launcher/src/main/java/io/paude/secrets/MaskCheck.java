package io.paude.secrets;

import io.paude.Measure;
import io.paude.SafeText;
import io.paude.audit.AuditEvent;
import io.paude.audit.AuditLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a session's masks still cover its secret files. A mask is a bind mount over the file's name; when the host
 * replaces the file by a rename (an editor's save, {@code git checkout}, {@code mv new .env}), the kernel detaches
 * every mount whose mount point was the replaced name in another mount namespace (Linux 3.18 and later), and the
 * agent reads the new file. No mount can be put back in a running sandbox: the agent's seccomp profile denies
 * {@code mount} to every process in it, and neither engine adds a mount to a running container. So the launcher
 * notices and says so, naming the file, on the session's stderr (while {@code paude run} runs, at every
 * {@code paude exec}, at the session's end) and once in its audit timeline ({@code paude audit}).
 *
 * <p>At the start each masked name's inode is recorded ({@link #FILE}); a name that now holds another inode was
 * replaced, and its mask is gone. A file written in place keeps its inode and stays masked. A file removed on the
 * host and written anew may get the same inode number back: only {@link MaskWatch} (it sees the removal) tells.
 */
public final class MaskCheck {
    /** The masked names with their inodes at the start: "KEY\tPATH" lines, in the session directory. */
    static final String FILE = "masks.txt";

    private MaskCheck() {
    }

    /** Records the inode of each masked file as the start sees it. */
    static void record(Path sessionDir, Path workspace, List<Path> masked) {
        StringBuilder b = new StringBuilder();
        for (Path rel : masked) {
            String key = key(workspace.resolve(rel));
            if (key != null && rel.toString().indexOf('\n') < 0) {
                b.append(key).append('\t').append(rel).append('\n');
            }
        }
        try {
            Files.writeString(sessionDir.resolve(FILE), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The masked files of the session that were replaced since the start (their masks are gone), workspace-relative. */
    public static List<String> replaced(Path sessionDir, Path workspace) {
        return replaced(sessionDir, workspace, java.util.Set.of());
    }

    /**
     * As {@link #replaced(Path, Path)}, counting as replaced also the names in {@code removed} (seen removed or
     * renamed away while watched) that exist again: a file removed and made anew may get the freed inode number.
     */
    static List<String> replaced(Path sessionDir, Path workspace, java.util.Set<String> removed) {
        List<String> out = new ArrayList<>();
        Path file = sessionDir.resolve(FILE);
        if (!Files.isRegularFile(file) || !Measure.MASK_REPLACED_CHECK.enforced()) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int tab = line.indexOf('\t');
                String rel = line.substring(tab + 1);
                String now = key(workspace.resolve(rel));
                if (tab > 0 && now != null && (!now.equals(line.substring(0, tab)) || removed.contains(rel))) {
                    out.add(rel);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Says on {@code err} that each of {@code files} is no longer masked, and records each in the audit timeline the
     * first time it is seen.
     */
    public static void warn(String session, Path sessionDir, List<String> files, PrintWriter err) {
        if (files.isEmpty()) {
            return;
        }
        List<String> shown = files.stream().map(SafeText::of).toList();
        err.println("paude: warning: NOT MASKED ANY MORE: " + String.join(", ", shown) + " of session " + session
                + " was replaced on the host during the session (a new file renamed over it: an editor's save, a git "
                + "checkout), and the kernel dropped its mask with the old file: the agent CAN READ the new content. "
                + "A mask cannot be put back into a running sandbox. Stop the session ('paude stop " + session
                + "') and start a new one to mask it again; rotate the secret if the agent may have read it.");
        err.flush();
        AuditLog log = new AuditLog(sessionDir);
        List<Object> known = log.notices().stream().filter(e -> AuditEvent.UNMASKED.equals(e.type()))
                .map(e -> e.fields().get("file")).toList();
        for (String f : files) {
            if (!known.contains(f)) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("session", session);
                fields.put("file", f);
                fields.put("why", "replaced on the host; its mask is gone and the agent can read it");
                log.note(new AuditEvent(Instant.now(), AuditEvent.UNMASKED, fields));
            }
        }
    }

    /** {@link #replaced} and {@link #warn} in one; a failure to look is itself warned about. */
    public static List<String> check(String session, Path sessionDir, Path workspace, PrintWriter err) {
        try {
            List<String> r = replaced(sessionDir, workspace);
            warn(session, sessionDir, r, err);
            return r;
        } catch (RuntimeException e) {
            err.println("paude: warning: could not check whether the secret masks of session " + session
                    + " are still in place: " + SafeText.of(String.valueOf(e.getMessage())));
            err.flush();
            return List.of();
        }
    }

    /** The file's identity (device and inode) without following a link, or null when there is none. */
    private static String key(Path file) {
        try {
            Object k = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return k == null ? null : k.toString().replace('\t', ' ');
        } catch (IOException gone) {
            return null;
        }
    }
}
