package dev.wvo.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which machine, in which boot, a process runs on. Two records name the same running machine
 * only if both the host name and the boot id agree; only then can a pid be checked.
 *
 * @param hostName the host name, or the value of {@code WVO_HOST_ID} when set
 * @param bootId   the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}); changes at every boot
 */
public record HostIdentity(String hostName, String bootId) {

    /** Environment variable that overrides the host name, so that tests can play several hosts. */
    public static final String HOST_ID_ENV = "WVO_HOST_ID";

    /** The boot id where the OS does not tell one. */
    public static final String UNKNOWN_BOOT = "unknown";

    private static final Path LINUX_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    public HostIdentity {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(bootId, "bootId");
    }

    /** This machine: {@code WVO_HOST_ID} or the host name, and the current boot id. */
    public static HostIdentity current() {
        String override = System.getenv(HOST_ID_ENV);
        String host = override != null && !override.isBlank() ? override.strip() : localHostName();
        return new HostIdentity(host, readBootId());
    }

    public boolean sameMachineAs(HostIdentity other) {
        return hostName.equals(other.hostName) && bootId.equals(other.bootId);
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String readBootId() {
        try {
            return Files.readString(LINUX_BOOT_ID, StandardCharsets.US_ASCII).strip();
        } catch (IOException | UnsupportedOperationException e) {
            // No boot id on this OS: pids are still checked on this host, but a reboot can no
            // longer be told from a live process, so only leases judge holders with this host name.
            return UNKNOWN_BOOT;
        }
    }
}
