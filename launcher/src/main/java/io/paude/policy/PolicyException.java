package io.paude.policy;

/** A policy that cannot be built as asked; carries what is wrong and how to fix it. */
public class PolicyException extends RuntimeException {
    private final String fix;

    public PolicyException(String problem, String fix) {
        super(problem);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }
}
