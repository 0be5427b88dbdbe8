package dev.wvo.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which machine, in which boot and which pid namespace, a process runs on.
 *
 * <p>A pid can be checked only when it was recorded by the same running kernel in the same pid
 * namespace: same boot id (random per boot, so never shared by two machines) and same pid
 * namespace (containers on one kernel each have their own). A holder is known to be gone with
 * its machine's last boot only when the same machine id shows another boot id. Host names alone
 * prove nothing: cloned images and CI runners share them.
 *
 * @param hostName     the host name, or the value of {@code WVO_HOST_ID} when set
 * @param bootId       the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}); changes at every boot
 * @param machineId    {@code /etc/machine-id}, stable across boots; {@link #UNKNOWN} where there is none
 * @param pidNamespace the pid namespace ({@code /proc/self/ns/pid}); {@link #UNKNOWN} where there is none
 */
public record HostIdentity(String hostName, String bootId, String machineId, String pidNamespace) {

    /** Environment variable that overrides the host name, so that tests can play several hosts. */
    public static final String HOST_ID_ENV = "WVO_HOST_ID";

    /** What an identity field holds where the OS does not tell. */
    public static final String UNKNOWN = "unknown";

    private static final Path LINUX_HOST_NAME = Path.of("/proc/sys/kernel/hostname");
    private static final Path LINUX_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path MACHINE_ID = Path.of("/etc/machine-id");
    private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");

    public HostIdentity {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(pidNamespace, "pidNamespace");
    }

    /** An identity with only a name and a boot id known (tests, and records of older wvo versions). */
    public HostIdentity(String hostName, String bootId) {
        this(hostName, bootId, UNKNOWN, UNKNOWN);
    }

    /** This machine: {@code WVO_HOST_ID} or the host name, and the current boot, machine and pid namespace. */
    public static HostIdentity current() {
        String override = System.getenv(HOST_ID_ENV);
        String host = override != null && !override.isBlank() ? override.strip() : localHostName();
        return new HostIdentity(host, readBootId(), readFirstLine(MACHINE_ID), readPidNamespace());
    }

    /** True if pids recorded by {@code other} can be checked here: same name, same running kernel, same pid namespace. */
    public boolean sameMachineAs(HostIdentity other) {
        return hostName.equals(other.hostName) && known(bootId) && bootId.equals(other.bootId)
                && pidNamespace.equals(other.pidNamespace);
    }

    /** True if {@code other} was recorded on this machine in an earlier boot: its processes are all gone. */
    public boolean isEarlierBootOf(HostIdentity other) {
        return hostName.equals(other.hostName) && known(machineId) && machineId.equals(other.machineId)
                && known(bootId) && known(other.bootId) && !bootId.equals(other.bootId);
    }

    private static boolean known(String value) {
        return !value.isEmpty() && !UNKNOWN.equals(value);
    }

    /**
     * The name this machine gives itself: {@code $HOSTNAME} when set, else on Linux the kernel's
     * name for it, else the JDK's. The kernel's is the name {@code InetAddress.getLocalHost()}
     * gives where that name resolves; but {@code getLocalHost()} also looks the name up, which
     * costs every process a name-service query, takes seconds where the name does not resolve
     * quickly (a container's name missing from its hosts file, a resolver timing out), and fails
     * where it does not resolve at all, which made every such machine "localhost".
     */
    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        String kernel = readText(LINUX_HOST_NAME);
        if (kernel != null) {
            return kernel;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String readBootId() {
        // No boot id on this OS: no pid is ever checked, and leases alone judge every holder.
        return readFirstLine(LINUX_BOOT_ID);
    }

    private static String readFirstLine(Path file) {
        return Objects.requireNonNullElse(readText(file), UNKNOWN);
    }

    /** The file's text without the blanks around it; null where there is no such file, nothing in it, or no ASCII text. */
    private static String readText(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String readPidNamespace() {
        try {
            return Files.readSymbolicLink(PID_NAMESPACE).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return UNKNOWN;
        }
    }
}
