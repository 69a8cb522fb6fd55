package io.paude.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelSupportTest {
    @Test
    void releasesTheRecorderCanRunOn() {
        assertThat(KernelSupport.problem("6.18.44-fc-v657")).isEmpty();
        assertThat(KernelSupport.problem("5.8.0")).isEmpty();
        assertThat(KernelSupport.problem("5.4.0-150-generic")).hasValueSatisfying(p -> assertThat(p).contains("older than 5.8"));
        assertThat(KernelSupport.problem("weird")).isPresent();
        assertThat(KernelSupport.fullExitStatus("6.15.1")).isTrue();
        assertThat(KernelSupport.fullExitStatus("6.12.9")).isFalse();
    }
}
