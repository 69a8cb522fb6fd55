package io.paude.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedRecordsWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n\\c");
        m.put("n", 2);
        m.put("list", List.of(".x.com", true));
        m.put("none", null);
        assertThat(Json.write(m)).isEqualTo("{\"name\": \"a \\\"b\\\"\\n\\\\c\", \"n\": 2, \"list\": [\".x.com\", true], \"none\": null}");
    }
}
