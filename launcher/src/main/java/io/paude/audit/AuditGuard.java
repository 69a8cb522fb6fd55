package io.paude.audit;

import io.paude.guard.Guard;
import io.paude.guard.GuardContext;

/** At the end of a session, converts what the recorder and the proxy wrote into the session's audit.jsonl. */
public final class AuditGuard implements Guard {
    @Override
    public void afterEnd(GuardContext ctx) {
        new AuditLog(ctx.sessionDir()).write();
    }
}
