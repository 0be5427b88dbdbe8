package dev.wvo.lock;

/** Whether a holder (of a lock, or of anything judged by the same rules) is alive, and if not why. */
public enum Liveness {
    ALIVE,
    /** Same machine and boot, and the process is gone (or its pid now belongs to another process). */
    PROCESS_DEAD,
    /** Same host name, another boot id: the machine restarted since, so the process is gone. */
    HOST_REBOOTED,
    /** No heartbeat within the lease. The only rule that applies to holders on another host. */
    LEASE_EXPIRED
}
