package io.paude;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlCharactersAreShownNotObeyed() {
        assertThat(SafeText.of("a\u001b[2K\rwarning gone")).isEqualTo("a\\x1b[2K\\rwarning gone");
        assertThat(SafeText.of("\u001b]52;c;ZXZpbA==\u0007")).isEqualTo("\\x1b]52;c;ZXZpbA==\\x07");
        assertThat(SafeText.of("x\u009b31m\u007f")).isEqualTo("x\\u009b31m\\x7f");
        assertThat(SafeText.of("two\nlines\ttab")).isEqualTo("two\\nlines\\ttab");
    }

    @Test
    void textThatReordersOrHidesIsShownToo() {
        assertThat(SafeText.of("file\u202etxt.exe")).isEqualTo("file\\u202etxt.exe");
        assertThat(SafeText.of("a\u200bb\u2066c")).isEqualTo("a\\u200bb\\u2066c");
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String s = "src/main/Ünïcødé – ✓ 日本.txt";
        assertThat(SafeText.of(s)).isSameAs(s);
        assertThat(SafeText.of(null)).isEqualTo("null");
    }
}
