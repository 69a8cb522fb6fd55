package io.paude.credentials;

import java.util.ArrayList;
import java.util.List;

/**
 * A reader for git's configuration file format, enough to find remotes and credentials: sections with optional
 * quoted subsections ({@code [remote "origin"]}, legacy {@code [a.b]}), {@code key = value} with quotes, escapes,
 * comments and line continuations. Includes are not followed.
 */
final class GitConfigFile {
    private GitConfigFile() {
    }

    /** Entries as {section, subsection or null, key, value}; a key without "=" has the value "true". */
    static List<String[]> entries(String text) {
        List<String[]> out = new ArrayList<>();
        String section = null;
        String sub = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.lastIndexOf(']');
                String head = (end > 0 ? line.substring(1, end) : line.substring(1)).strip();
                int q = head.indexOf('"');
                if (q >= 0) {
                    section = head.substring(0, q).strip();
                    sub = unescape(head.substring(q + 1, head.lastIndexOf('"') > q ? head.lastIndexOf('"') : head.length()));
                } else {
                    int dot = head.indexOf('.');
                    section = dot < 0 ? head : head.substring(0, dot);
                    sub = dot < 0 ? null : head.substring(dot + 1);
                }
                line = end > 0 ? line.substring(end + 1).strip() : "";
                if (line.isEmpty()) {
                    continue;
                }
            }
            if (section == null) {
                continue;
            }
            StringBuilder raw = new StringBuilder(line);
            while (raw.length() > 0 && raw.charAt(raw.length() - 1) == '\\' && i + 1 < lines.length) {
                raw.setLength(raw.length() - 1);
                raw.append(lines[++i]);
            }
            String l = raw.toString();
            int eq = l.indexOf('=');
            String key = (eq < 0 ? l : l.substring(0, eq)).strip();
            if (key.isEmpty() || key.startsWith("#") || key.startsWith(";")) {
                continue;
            }
            out.add(new String[] {section, sub, key, eq < 0 ? "true" : value(l.substring(eq + 1))});
        }
        return out;
    }

    /** A value: quotes removed, escapes resolved, an unquoted comment cut off. */
    private static String value(String v) {
        StringBuilder s = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                s.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else if (!quoted && (c == '#' || c == ';')) {
                break;
            } else {
                s.append(c);
            }
        }
        return s.toString().strip();
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
