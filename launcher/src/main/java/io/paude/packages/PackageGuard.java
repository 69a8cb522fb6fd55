package io.paude.packages;

import io.paude.guard.Guard;
import io.paude.guard.GuardContext;
import io.paude.policy.NetworkMode;
import io.paude.policy.SandboxPolicy;
import io.paude.proxy.AccessLog;
import java.util.Map;

/**
 * Package installation controls (task 12 of docs/tasks.md). What is installed cannot persist: the root file system
 * is read-only and the writable places are tmpfs (the planner's job). Registries are not allowlisted by default; this
 * guard makes a refused install fail fast and explains, after the session, which registry the proxy refused and
 * which alias allows it. The proxy's access log keeps every registry request, allowed or refused.
 */
public final class PackageGuard implements Guard {
    @Override
    public SandboxPolicy beforeStart(SandboxPolicy policy, GuardContext ctx) {
        if (policy.network() != NetworkMode.FILTERED || policy.allowlist().allows("pypi.org")) {
            return policy;
        }
        // pip retries a refused CONNECT five times with back-off (about 8 s) before giving up; the proxy's
        // refusal is final. One retry (immediate: urllib3 does not back off before the first) keeps pip's own
        // "Tunnel connection failed: 403 Forbidden" warning, which zero retries would hide. npm stops at the first 403.
        return policy.withEnv(Map.of("PIP_RETRIES", "1"));
    }

    @Override
    public void afterEnd(GuardContext ctx) {
        RegistryHints.report(AccessLog.lines(ctx.sessionDir()), ctx.err());
    }
}
