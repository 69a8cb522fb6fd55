package io.paude.plan;

import io.paude.policy.AgentRuntime;
import io.paude.policy.AuditSettings;
import io.paude.policy.PrivateDestinations;
import io.paude.policy.ProxyDns;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The per-session facts the planner needs besides the policy: names, addresses, images and host paths.
 *
 * @param uid       the uid the agent runs as (never 0)
 * @param detached  true for {@code paude start}: the agent container idles and commands arrive by exec
 * @param auditDir  host directory that receives the audit recorder's raw log (see {@link io.paude.audit.Recorder})
 * @param audit     the audit log's cap
 * @param proxyDns  the resolvers the proxy asks ({@code --proxy-dns}); {@link ProxyDns#ENGINE} for the engine's
 * @param privateDestinations the private ranges allowlisted names may resolve to ({@code --allow-private-destinations})
 * @param runtime   the OCI runtime of the agent's container ({@code --runtime})
 * @param launcherPid the launcher's process, which owns the session: every object of the session is labelled with it
 *                  ({@link Labels#LAUNCHER_PID}: {@code paude prune} removes an attached session whose launcher is gone);
 *                  0 for a plan without a launcher (tests), which gets no such label
 */
public record SessionContext(
        String session,
        Subnet subnet,
        String agentImage,
        String proxyImage,
        String egressNetwork,
        Path proxyConfigDir,
        Path proxyLogDir,
        Path agentConfigDir,
        int uid,
        int gid,
        boolean stdin,
        boolean tty,
        boolean detached,
        Path auditDir,
        AuditSettings audit,
        ProxyDns proxyDns,
        PrivateDestinations privateDestinations,
        AgentRuntime runtime,
        long launcherPid) {

    public SessionContext {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(privateDestinations, "privateDestinations");
        Objects.requireNonNull(proxyDns, "proxyDns");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(auditDir, "auditDir");
        Objects.requireNonNull(audit, "audit");
        if (uid == 0 || gid == 0) {
            throw new IllegalArgumentException("the agent never runs as root");
        }
        if (launcherPid < 0) {
            throw new IllegalArgumentException("a launcher's pid is positive (0: none)");
        }
    }

    /** A context of no launcher (its objects carry no {@link Labels#LAUNCHER_PID}). */
    public SessionContext(String session, Subnet subnet, String agentImage, String proxyImage, String egressNetwork,
            Path proxyConfigDir, Path proxyLogDir, Path agentConfigDir, int uid, int gid, boolean stdin, boolean tty,
            boolean detached, Path auditDir, AuditSettings audit, ProxyDns proxyDns, PrivateDestinations privateDestinations,
            AgentRuntime runtime) {
        this(session, subnet, agentImage, proxyImage, egressNetwork, proxyConfigDir, proxyLogDir, agentConfigDir, uid, gid,
                stdin, tty, detached, auditDir, audit, proxyDns, privateDestinations, runtime, 0);
    }

    /** A context whose agent runs on the engine's default runtime. */
    public SessionContext(String session, Subnet subnet, String agentImage, String proxyImage, String egressNetwork,
            Path proxyConfigDir, Path proxyLogDir, Path agentConfigDir, int uid, int gid, boolean stdin, boolean tty,
            boolean detached, Path auditDir, AuditSettings audit, ProxyDns proxyDns, PrivateDestinations privateDestinations) {
        this(session, subnet, agentImage, proxyImage, egressNetwork, proxyConfigDir, proxyLogDir, agentConfigDir, uid, gid,
                stdin, tty, detached, auditDir, audit, proxyDns, privateDestinations, AgentRuntime.DEFAULT);
    }

    /** A context that opens no private range to allowlisted names. */
    public SessionContext(String session, Subnet subnet, String agentImage, String proxyImage, String egressNetwork,
            Path proxyConfigDir, Path proxyLogDir, Path agentConfigDir, int uid, int gid, boolean stdin, boolean tty,
            boolean detached, Path auditDir, AuditSettings audit, ProxyDns proxyDns) {
        this(session, subnet, agentImage, proxyImage, egressNetwork, proxyConfigDir, proxyLogDir, agentConfigDir, uid, gid,
                stdin, tty, detached, auditDir, audit, proxyDns, PrivateDestinations.NONE);
    }

    /** A context whose proxy uses the engine's resolver. */
    public SessionContext(String session, Subnet subnet, String agentImage, String proxyImage, String egressNetwork,
            Path proxyConfigDir, Path proxyLogDir, Path agentConfigDir, int uid, int gid, boolean stdin, boolean tty,
            boolean detached, Path auditDir, AuditSettings audit) {
        this(session, subnet, agentImage, proxyImage, egressNetwork, proxyConfigDir, proxyLogDir, agentConfigDir, uid, gid,
                stdin, tty, detached, auditDir, audit, ProxyDns.ENGINE);
    }
}
