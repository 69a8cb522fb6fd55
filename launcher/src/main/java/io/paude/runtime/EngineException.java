package io.paude.runtime;

/** An engine call that failed; says what was run, what the engine answered, and what to do. */
public class EngineException extends RuntimeException {
    private final String fix;

    public EngineException(String problem, String fix) {
        super(problem);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
