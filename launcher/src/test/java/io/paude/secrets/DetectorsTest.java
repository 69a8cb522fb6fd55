package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorsTest {
    @Test
    void providerTokensAndKeyBlocksAreFoundWithLineAndAMaskedPreview() {
        var f = Detectors.scan("a.txt", "x\nid=AKIAQ3EGUIVZ7XN2R4TB\n-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(f).extracting(Finding::line, Finding::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "aws-access-key"), org.assertj.core.groups.Tuple.tuple(3, "private-key"));
        assertThat(f.get(0).preview()).isEqualTo("AKIA****************(20)").doesNotContain("Q3EG");
    }

    @Test
    void assignmentsNeedEntropyAndALiteral() {
        assertThat(Detectors.scan("a", "API_KEY=super_secret_123")).hasSize(1);
        assertThat(Detectors.scan("a", "api_key = os.environ['API_KEY']")).isEmpty();
        assertThat(Detectors.scan("a", "token = self.token")).isEmpty();
        assertThat(Detectors.scan("a", "password = 'changeme'")).isEmpty();
        assertThat(Detectors.scan("a", "password=aaaaaaaaaa")).isEmpty();
        assertThat(Detectors.scan("a", "name = 'Xk29vLq7TzP4mW'")).isEmpty();
    }

    @Test
    void shortValuesShowLess() {
        assertThat(Finding.mask("abcdefgh")).isEqualTo("ab******(8)");
    }
}
