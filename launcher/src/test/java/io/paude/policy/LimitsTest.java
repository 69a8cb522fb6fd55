package io.paude.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void defaultsAreSizedFromTheHost() {
        assertThat(Limits.forHost(2, 24 * 1024)).isEqualTo(new Limits(1, 6144, 512, 4096, 1024));
        assertThat(Limits.forHost(64, 512 * 1024).memoryMiB()).isEqualTo(8192);
        assertThat(Limits.forHost(64, 512 * 1024).cpus()).isEqualTo(4);
    }

    @Test
    void invalidValuesGetAClearError() {
        assertThatThrownBy(() -> new Limits(0, 1024, 512, 4096, 1024)).hasMessageContaining("--cpus");
        assertThatThrownBy(() -> new Limits(1, 10, 512, 4096, 1024)).hasMessageContaining("--memory");
        assertThatThrownBy(() -> new Limits(1, 1024, 1, 4096, 1024)).hasMessageContaining("--pids-limit");
        assertThatThrownBy(() -> Limits.parseMiB("lots", "--memory")).hasMessageContaining("not a size");
        assertThat(Limits.parseMiB("4g", "--memory")).isEqualTo(4096);
        assertThat(Limits.parseMiB("512m", "--memory")).isEqualTo(512);
    }
}
