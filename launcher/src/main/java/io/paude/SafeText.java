package io.paude;

/**
 * Text that came from the workspace or the agent, made safe to print on the user's terminal. The agent controls file
 * names, git configuration values, the argv and working directories it runs, the URLs it requests and the names of
 * its plugins; printed raw, an escape sequence among them could erase or rewrite a warning, hide a line, set the
 * window title or the clipboard (OSC 52). Every control character (C0, DEL, C1) and every Unicode control that
 * reorders or hides text (bidirectional overrides and isolates, zero-width marks) is printed as a visible escape
 * ({@code \x1b}, {@code \u202e}); everything else is kept as it is.
 */
public final class SafeText {
    private SafeText() {
    }

    /** {@code text} with its control characters escaped; null stays "null". */
    public static String of(CharSequence text) {
        if (text == null) {
            return "null";
        }
        if (!Measure.TERMINAL_ESCAPES.enforced()) {
            return text.toString();
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String esc = escape(c);
            if (esc != null && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text.toString() : sb.toString();
    }

    /** The escape for one character, or null when it prints as itself. */
    private static String escape(char c) {
        if (c < 0x20 || c == 0x7f) {
            return switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> String.format("\\x%02x", (int) c);
            };
        }
        if ((c >= 0x80 && c <= 0x9f) || hides(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** Unicode format characters that reorder or hide what is printed ("Trojan Source"). */
    private static boolean hides(char c) {
        return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x061c || c == 0xfeff || c == 0x2028 || c == 0x2029;
    }
}
