package io.paude;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text that came from the workspace or the agent, made safe to print on the user's terminal. The agent controls file
 * names, git configuration values, the argv and working directories it runs, the URLs it requests and the names of
 * its plugins; printed raw, an escape sequence among them could erase or rewrite a warning, hide a line, set the
 * window title or the clipboard (OSC 52). Every control character (C0, DEL, C1) and every Unicode control that
 * reorders or hides text (bidirectional overrides and isolates, zero-width marks) is printed as a visible escape
 * ({@code \x1b}, {@code \u202e}); everything else is kept as it is.
 *
 * <p>Two ways in: {@link #terminal} wraps each of paude's output channels (Main does it for stdout and stderr), so
 * nothing paude prints can carry a control character but the line break and the tab, whoever built the text; {@link #of}
 * escapes one value, line breaks included, where a value the agent chose is put into one line of paude's output,
 * so that a line break in it cannot start a line that looks like paude's own. Escaping what is already escaped
 * changes nothing, so the two may meet.
 */
public final class SafeText {
    private SafeText() {
    }

    /** {@code text} with its control characters escaped, line breaks included; null stays "null". */
    public static String of(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int first = 0;
        while (first < text.length() && !isControl(text.charAt(first))) {
            first++;
        }
        // the measure is asked only when it would change something: a weakened one is recorded where it acted
        if (first == text.length() || !Measure.TERMINAL_ESCAPES.enforced()) {
            return text.toString();
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(isControl(c) ? escape(c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /**
     * Whether {@code c} is printed escaped: a C0 control (line break and tab included), DEL, a C1 control, or a
     * character that reorders or hides text.
     */
    public static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || hides(c);
    }

    /**
     * One of paude's output channels as the user's terminal gets it: everything written to {@code channel} is
     * escaped as {@link #of} escapes it, except the line break, which is how paude ends its own lines, and the tab
     * (stack traces indent with it); both only move the cursor on to blank cells, they cannot erase or hide text.
     * Flushes on every line, like picocli's writers.
     */
    public static PrintWriter terminal(Writer channel) {
        return new PrintWriter(new Escaping(channel), true);
    }

    /** The escape for one control character. */
    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
        };
    }

    /** Unicode format characters that reorder or hide what is printed ("Trojan Source"). */
    private static boolean hides(char c) {
        return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x061c || c == 0xfeff || c == 0x2028 || c == 0x2029;
    }

    /** Escapes every piece written, between its line breaks and tabs. */
    private static final class Escaping extends FilterWriter {
        Escaping(Writer channel) {
            super(channel);
        }

        @Override
        public void write(int c) throws IOException {
            write(String.valueOf((char) c), 0, 1);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            write(new String(buf, off, len), 0, len);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\t') {
                    out.write(of(s.substring(start, i)));
                    out.write(c);
                    start = i + 1;
                }
            }
            out.write(of(s.substring(start, off + len)));
        }
    }
}
