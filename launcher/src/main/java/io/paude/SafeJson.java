package io.paude;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON that is as safe to print as {@link SafeText}, and means the same to any JSON reader. Jackson escapes only the
 * C0 controls in strings; DEL, the C1 controls (U+009B is CSI to a terminal) and the characters that reorder or hide
 * text would reach the terminal raw from {@code --json} output, and a {@code \x7f} from {@link SafeText#terminal}
 * would not be JSON. With these escapes every character {@link SafeText#isControl} names is written as a
 * {@code \\uXXXX} escape, which decodes to the same string: the record keeps what the agent did, exactly.
 */
public final class SafeJson extends CharacterEscapes {
    private static final SafeJson ESCAPES = new SafeJson();
    private final int[] ascii;

    private SafeJson() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    /** {@code mapper}, set to write with these escapes. */
    public static <M extends ObjectMapper> M on(M mapper) {
        mapper.getFactory().setCharacterEscapes(ESCAPES);
        return mapper;
    }

    /** {@code value} as indented JSON with these escapes: what a command's {@code --json} prints. */
    public static String pretty(Object value) {
        try {
            return on(new ObjectMapper()).enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of " + value.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch <= Character.MAX_VALUE && SafeText.isControl((char) ch)
                ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
}
