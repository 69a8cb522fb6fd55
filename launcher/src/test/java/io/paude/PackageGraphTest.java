package io.paude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reading of ARCHITECTURE.md's table that {@link ArchitectureTest} relies on. */
class PackageGraphTest {
    private static final String DOC = """
            # Architecture
            ## Dependencies point one way
            Some prose naming `cli` and `session`.

            | package | depends on | for |
            |---|---|---|
            | `io.paude` | — | the root |
            | `policy` | `io.paude` | records |
            | `cli` | `policy`, `session` | commands |
            | `session` | `io.paude`, `policy` | sessions |

            ## One place per guarantee
            | `other` | `cli` | not this section's |
            """;

    @Test
    void readsEachRowOfTheSectionsTable() {
        PackageGraph g = PackageGraph.parse(DOC);

        assertThat(g.rows().keySet()).containsExactly("io.paude", "policy", "cli", "session");
        assertThat(g.rows().get("io.paude")).isEmpty();
        assertThat(g.rows().get("cli")).isEqualTo(Set.of("policy", "session"));
    }

    @Test
    void aRowThatNamesAPackageBelowItIsAnUpwardEdge() {
        assertThat(PackageGraph.parse(DOC).upwardEdges()).containsExactly("cli -> session");
    }

    @Test
    void namesAreTheFirstPartAfterTheRoot() {
        assertThat(PackageGraph.nameOf("io.paude")).isEqualTo("io.paude");
        assertThat(PackageGraph.nameOf("io.paude.plan")).isEqualTo("plan");
        assertThat(PackageGraph.nameOf("io.paude.plan.sub")).isEqualTo("plan");
        assertThat(PackageGraph.nameOf("io.paudex")).isNull();
        assertThat(PackageGraph.nameOf("java.util")).isNull();
        assertThat(PackageGraph.pattern("io.paude")).isEqualTo("io.paude");
        assertThat(PackageGraph.pattern("plan")).isEqualTo("io.paude.plan..");
    }

    @Test
    void aMissingSectionOrTableOrATwiceNamedRowIsAnError() {
        assertThatThrownBy(() -> PackageGraph.parse("# Architecture\n"))
                .hasMessageContaining("has no section '## Dependencies point one way'");
        assertThatThrownBy(() -> PackageGraph.parse("## Dependencies point one way\nprose only\n"))
                .hasMessageContaining("has no table of packages");
        assertThatThrownBy(() -> PackageGraph.parse(DOC.replace("| `session` |", "| `cli` |")))
                .hasMessageContaining("two rows for cli");
    }
}
