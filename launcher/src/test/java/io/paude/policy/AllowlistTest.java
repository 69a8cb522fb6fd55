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
        AllowedDomain d = AllowedDomain.parse(".example.com");
        assertThat(d.includeSubdomains()).isTrue();
        assertThat(d.allows("example.com")).isTrue();
        assertThat(d.allows("api.example.com")).isTrue();
        assertThat(d.allows("evilexample.com")).isFalse();
        assertThat(d.allows("example.com.evil.com")).isFalse();
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
    void theDefaultAdmitsNothingNotEvenGooglesAnonymousUploadEndpoints() {
        assertThat(Allowlist.DEFAULT_ENTRIES).isEmpty();
        assertThat(Allowlist.defaults().entries()).isEmpty();
        for (String host : List.of("storage.googleapis.com", "script.google.com", "docs.google.com", "oauth2.googleapis.com",
                "registry.npmjs.org")) {
            assertThat(Allowlist.defaults().allows(host)).as(host).isFalse();
        }
    }

    @Test
    void theMutationPassCanPutTheWideDefaultBackAndIsRecordedWhenItDoes() {
        java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();
        io.paude.Measure.weakenForMutationPass(io.paude.Measure.NARROW_DEFAULT_ALLOWLIST, applied::incrementAndGet);
        try {
            Allowlist wide = Allowlist.defaults();
            assertThat(wide.allows("script.google.com")).isTrue();
            assertThat(wide.allows("docs.google.com")).isTrue();
            assertThat(applied).hasValue(1);
        } finally {
            io.paude.Measure.weakenForMutationPass(io.paude.Measure.NARROW_DEFAULT_ALLOWLIST, null);
        }
        assertThat(Allowlist.defaults().entries()).isEmpty();
    }

    @Test
    void suffixEntriesAreListedForTheWarningExactOnesAreNot() {
        Allowlist list = Allowlist.defaults().plus(List.of(".google.com", "storage.example.com", ".example.org", "npm"));
        assertThat(list.suffixEntries()).containsExactly(".example.org", ".google.com");
        assertThat(Allowlist.of(List.of("storage.googleapis.com", "npm")).suffixEntries()).isEmpty();
    }

    @Test
    void aliasesEnableExactlyTheRegistryHosts() {
        Allowlist list = Allowlist.of(List.of("npm", "pypi"));
        assertThat(list.asStrings()).containsExactly("files.pythonhosted.org", "pypi.org", "registry.npmjs.org");
    }
}
