package io.paude.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    @Test
    void exactEntryAllowsOnlyThatHost() {
        AllowedDomain d = AllowedDomain.parse("example.com");
        assertThat(d.allows("example.com")).isTrue();
        assertThat(d.allows("api.example.com")).isFalse();
        assertThat(d.allows("evilexample.com")).isFalse();
    }

    @Test
    void suffixEntryAllowsApexAndSubdomainsButNotLookalikes() {
        AllowedDomain d = AllowedDomain.parse(".googleapis.com");
        assertThat(d.allows("googleapis.com")).isTrue();
        assertThat(d.allows("oauth2.googleapis.com")).isTrue();
        assertThat(d.allows("evilgoogleapis.com")).isFalse();
        assertThat(d.allows("googleapis.com.evil.com")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*.com", "*.example.com", "com", ".com", "1.2.3.4", "[::1]", "::1", "", " example.com",
        "exa mple.com", "bücher.de", "-bad.com", "example..com", "example.123"})
    void rejectsEntriesThatAllowTooMuchOrCannotBeMatched(String raw) {
        assertThatThrownBy(() -> AllowedDomain.parse(raw)).isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).fix()).isNotBlank());
    }

    @Test
    void wildcardErrorNamesTheFix() {
        assertThatThrownBy(() -> AllowedDomain.parse("*.example.com"))
                .satisfies(e -> assertThat(((PolicyException) e).fix()).contains(".example.com"));
    }

    @Test
    void normalizesCaseDuplicatesAndCoveredEntries() {
        Allowlist list = Allowlist.of(List.of("Example.COM", ".example.com", "api.example.com", "other.org", "other.org"));
        assertThat(list.asStrings()).containsExactly(".example.com", "other.org");
    }

    @Test
    void defaultIsTheVertexListOfTaskFour() {
        assertThat(Allowlist.defaults().asStrings()).containsExactly(".google.com", ".googleapis.com", ".gstatic.com");
        assertThat(Allowlist.defaults().allows("registry.npmjs.org")).isFalse();
    }

    @Test
    void aliasesEnableExactlyTheRegistryHosts() {
        Allowlist list = Allowlist.of(List.of("npm", "pypi"));
        assertThat(list.asStrings()).containsExactly("files.pythonhosted.org", "pypi.org", "registry.npmjs.org");
    }
}
