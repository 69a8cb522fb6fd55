package io.paude.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Public suffixes, judged by the Public Suffix List Guava ships, are refused as allowlist entries. */
class AllowedDomainTest {
    @ParameterizedTest
    @CsvSource({
        // entry,        the suffix named in the fix
        "co.uk,          co.uk",
        ".co.uk,         co.uk",
        "github.io,      github.io",
        ".github.io,     github.io",
        "appspot.com,    appspot.com",
        ".appspot.com,   appspot.com",
        "CO.UK,          co.uk",
        "s3.amazonaws.com, s3.amazonaws.com",
        // Google lists googleapis.com in the list's private section: Cloud Storage buckets live below it
        "googleapis.com, googleapis.com",
        ".googleapis.com, googleapis.com",
    })
    void aPublicSuffixIsRefusedNamingTheEntryWhyAndTheExactHostToNameInstead(String entry, String suffix) {
        assertThatThrownBy(() -> AllowedDomain.parse(entry)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("'" + entry + "'").hasMessageContaining("is a public suffix")
                .hasMessageContaining("anyone can register names below it")
                .satisfies(e -> assertThat(((PolicyException) e).fix()).contains("exact host").contains("myproject." + suffix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", ".com", "uk"})
    void aBareTopLevelDomainIsStillRefusedAsSuch(String entry) {
        assertThatThrownBy(() -> AllowedDomain.parse(entry)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("bare top-level domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.co.uk", ".example.co.uk", "myproject.github.io", "my-app.appspot.com", "storage.googleapis.com",
        "us-east5-aiplatform.googleapis.com", ".google.com", "fixture.test", ".fixture.test", "registry.npmjs.org"})
    void aNameBelowAPublicSuffixIsAccepted(String entry) {
        assertThat(AllowedDomain.parse(entry).toString()).isEqualTo(entry);
    }

    @org.junit.jupiter.api.Test
    void everyRegistryAliasNamesHostsBelowAPublicSuffixNeverOne() {
        RegistryAliases.all().forEach((alias, hosts) -> assertThat(RegistryAliases.expand(alias)).as(alias)
                .extracting(AllowedDomain::toString).containsExactlyInAnyOrderElementsOf(hosts));
    }
}
