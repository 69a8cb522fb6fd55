package io.paude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void escapingWhatIsEscapedChangesNothing() {
        String once = SafeText.of("\u001b]0;pwned\u0007\r\u009b\n");
        assertThat(SafeText.of(once)).isSameAs(once);
        assertThat(once.chars().noneMatch(c -> SafeText.isControl((char) c))).isTrue();
    }

    @Test
    void aTerminalChannelEscapesEverythingButItsOwnLineBreaksAndTabs() {
        StringWriter sink = new StringWriter();
        PrintWriter out = SafeText.terminal(sink);
        out.println("paude: warning: \u001b[1A\u001b[2K\rhidden");
        out.print('\u009b');
        out.write("x\u0007y\tz".toCharArray(), 1, 4);
        out.printf("%s%n", "\u202eexe.txt");
        out.flush();
        assertThat(sink.toString()).isEqualTo("paude: warning: \\x1b[1A\\x1b[2K\\rhidden\n\\u009b\\x07y\tz\\u202eexe.txt\n");
    }

    @Test
    void aWeakenedMeasureIsRecordedOnlyWhereItWouldHaveEscaped() {
        AtomicInteger applied = new AtomicInteger();
        Measure.weakenForMutationPass(Measure.TERMINAL_ESCAPES, applied::incrementAndGet);
        try {
            assertThat(SafeText.of("plain")).isEqualTo("plain");
            assertThat(applied).hasValue(0);
            assertThat(SafeText.of("\u001b]0;pwned\u0007")).isEqualTo("\u001b]0;pwned\u0007");
            assertThat(applied).hasValue(1);
        } finally {
            Measure.weakenForMutationPass(Measure.TERMINAL_ESCAPES, null);
        }
    }
}
