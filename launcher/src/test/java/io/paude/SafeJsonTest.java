package io.paude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeJsonTest {
    private static final String PLANTED = "\u001b]0;pwned\u0007 \u007f \u009b31m \u202eexe.txt \r\n ✓ 日本";

    @Test
    void noCharacterATerminalObeysIsWrittenRawAndTheStringReadsBackTheSame() throws Exception {
        ObjectMapper json = SafeJson.on(new ObjectMapper());
        String written = json.writeValueAsString(Map.of("argv", PLANTED));
        assertThat(written.chars().noneMatch(c -> SafeText.isControl((char) c))).as(written).isTrue();
        assertThat(written).contains("\\u001B]0;pwned\\u0007", "\\u007F", "\\u009B31m", "\\u202Eexe.txt", "✓ 日本");
        assertThat(json.readTree(written).path("argv").asText()).isEqualTo(PLANTED);
    }

    @Test
    void plainJacksonWouldWriteDelAndC1Raw() throws Exception {
        // why SafeJson exists: Jackson's own escapes stop at U+001F
        String written = new ObjectMapper().writeValueAsString(Map.of("argv", PLANTED));
        assertThat(written).contains("\u007f", "\u009b", "\u202e");
    }
}
