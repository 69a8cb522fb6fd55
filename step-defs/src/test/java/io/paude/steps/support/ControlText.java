package io.paude.steps.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text with control characters, in the notation the feature files use, and the check of what reached the user's
 * terminal. The notation is the one paude prints them in: {@code \x1b} for a C0 control or DEL, {@code \u009b} for
 * a C1 control or a character that reorders text, {@code \r}, {@code \n}, {@code \t}; so the same text in a
 * feature says what the agent planted ({@link #raw}) and what the user must see.
 */
public final class ControlText {
    private ControlText() {
    }

    /** The characters {@code notation} stands for: each escape replaced by its character. */
    public static String raw(String notation) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < notation.length(); i++) {
            char c = notation.charAt(i);
            if (c != '\\' || i + 1 == notation.length()) {
                b.append(c);
                continue;
            }
            char k = notation.charAt(++i);
            switch (k) {
                case 'x' -> {
                    b.append((char) Integer.parseInt(notation.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(notation.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                default -> b.append('\\').append(k);
            }
        }
        return b.toString();
    }

    /**
     * What a terminal would obey in {@code printed}: fails, naming the first one, on bytes that are not UTF-8 (a lone
     * 0x9b is CSI to an 8-bit terminal), on a C0 control other than the line break (ESC, BEL, CR, ...), on DEL, on a
     * C1 control (U+009B, the bytes C2 9B, is CSI to a UTF-8 terminal) and on a character that reorders text.
     * Returns the text.
     */
    public static String assertNothingObeyed(byte[] printed, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(printed)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(what + " printed bytes that are not UTF-8 (a raw byte such as 0x9b): "
                    + visible(new String(printed, StandardCharsets.ISO_8859_1)));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && obeyed(c)) {
                int from = Math.max(0, i - 60);
                throw new AssertionError(String.format("%s printed a raw U+%04X at character %d: ...%s...", what, (int) c, i,
                        visible(text.substring(from, Math.min(text.length(), i + 60)))));
            }
        }
        return text;
    }

    /** A control character, DEL, a C1 control, or a character that reorders or hides text. */
    static boolean obeyed(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) || (c >= 0x200b && c <= 0x200f);
    }

    /** {@code s} in the notation, line breaks kept: for messages that must not drive the build's own terminal. */
    public static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\n' || !obeyed(c)) {
                b.append(c);
            } else {
                b.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
