package dev.wvo.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one place where the file backend decides whether a lock holder is alive. Task claims in
 * wvo's core follow the same rules without judging anything themselves: a worker is alive while
 * it holds its presence lock ({@code worker:<id>}).
 *
 * <ol>
 *   <li>A holder on this machine, in this boot and pid namespace, is dead as soon as its process
 *       is gone (pid and start time): no waiting for a lease.</li>
 *   <li>A holder recorded by this same machine (machine id) in an earlier boot is dead: the
 *       machine restarted. Another machine with the same host name is not this machine.</li>
 *   <li>Otherwise, and for holders on other hosts, only the lease speaks: the holder is stale once
 *       {@code heartbeatAt + lease} has passed. Its pid means nothing here.</li>
 * </ol>
 * Age alone never makes a holder stale: a live local process that keeps its heartbeat holds on.
 */
public final class LivenessRules {

    private final HostIdentity localHost;
    private final ProcessLiveness processes;

    public LivenessRules(HostIdentity localHost, ProcessLiveness processes) {
        this.localHost = Objects.requireNonNull(localHost, "localHost");
        this.processes = Objects.requireNonNull(processes, "processes");
    }

    public HostIdentity localHost() {
        return localHost;
    }

    public Liveness judge(ProcessRef holder, Instant heartbeatAt, Duration lease, Instant now) {
        HostIdentity host = holder.host();
        if (localHost.sameMachineAs(host)) {
            if (!processes.isAlive(holder.pid(), holder.startedAt())) {
                return Liveness.PROCESS_DEAD;
            }
        } else if (localHost.isEarlierBootOf(host)) {
            return Liveness.HOST_REBOOTED;
        }
        return now.isAfter(heartbeatAt.plus(lease)) ? Liveness.LEASE_EXPIRED : Liveness.ALIVE;
    }
}
