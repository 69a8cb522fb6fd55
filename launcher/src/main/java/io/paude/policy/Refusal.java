package io.paude.policy;

/**
 * A guard refused the start: what the input asks for is well-formed, but starting would break a guarantee (secrets
 * the agent could read, plugins or a project file not approved, a workspace that holds the host's state). The user
 * decides: fix the cause, approve, or pass the override the fix names. Exits with {@code ExitCodes.REFUSED}, apart
 * from invalid input.
 */
public class Refusal extends PolicyException {
    public Refusal(String problem, String fix) {
        super(problem, fix);
    }
}
