package io.paude.steps.mutation;

import java.time.Duration;

/**
 * What one scenario did in one run.
 *
 * @param reason the first line of the failure (with the next line when the first only introduces it), else empty
 * @param applied how often the weakening changed the sandbox while the scenario ran (0 in the baseline)
 * @param started how many weakened agent containers the engine accepted while the scenario ran
 */
record Outcome(Probe probe, Status status, String reason, Duration took, int applied, int started) {
    enum Status { PASSED, FAILED, NOT_RUN, NOT_FOUND }

    /**
     * A failure that counts as catching a weakening: the scenario failed on a sandbox that really was weakened and
     * did start (a weakening that breaks the start would otherwise look caught by every scenario).
     */
    boolean caught() {
        return status == Status.FAILED && applied > 0 && started > 0;
    }
}
