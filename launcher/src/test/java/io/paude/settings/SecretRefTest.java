package io.paude.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paude.policy.PolicyException;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRefTest {
    @Test
    void nameEnvVarAndFileForms() {
        assertThat(SecretRef.parse("NPM_TOKEN")).isEqualTo(new SecretRef("NPM_TOKEN", "NPM_TOKEN", null));
        assertThat(SecretRef.parse("npm=NPM_TOKEN").target()).isEqualTo("/run/secrets/npm");
        assertThat(SecretRef.parse("db=@/etc/db.pass").file()).isEqualTo(Path.of("/etc/db.pass"));
        assertThat(new String(SecretRef.parse("npm=T").value(Map.of("T", "v")))).isEqualTo("v");
    }

    @Test
    void badNamesMissingValuesAndDuplicatesAreRefused() {
        assertThatThrownBy(() -> SecretRef.parse("../etc=X")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> SecretRef.parse(".hidden")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> SecretRef.parse("A=")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> SecretRef.parse("A").value(Map.of())).hasMessageContaining("A is not set");
        assertThatThrownBy(() -> Resolver.secrets(List.of("A", "A=B"))).hasMessageContaining("--secret A is given twice");
        assertThat(Resolver.secrets(List.of("A", "A"))).as("the same spec twice is one secret").hasSize(1);
    }
}
