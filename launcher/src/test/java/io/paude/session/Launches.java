package io.paude.session;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import io.paude.policy.SandboxPolicy;
import io.paude.settings.GuardOptions;
import io.paude.settings.Settings;

/** Launch options for the tests: a policy with the defaults the resolver gives when no flag or file says otherwise. */
final class Launches {
    private Launches() {
    }

    /** No terminal, the engine's runtime, network and resolvers, default audit, no guard overrides. */
    static LaunchOptions of(SandboxPolicy policy) {
        return of(policy, AgentRuntime.DEFAULT);
    }

    static LaunchOptions of(SandboxPolicy policy, AgentRuntime runtime) {
        Settings settings = new Settings(policy, null, runtime, null, ProxyDns.ENGINE, PrivateDestinations.NONE, AuditSettings.defaults(),
                GuardOptions.NONE, false);
        return new LaunchOptions(settings, false, false);
    }
}
