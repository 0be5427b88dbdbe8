package dev.wvo.lock.process;

import dev.wvo.lock.HostIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM on a machine whose name does not resolve still names its machine, without asking the
 * name service: the lock records of two such machines must not both say "localhost", and a
 * resolver that times out must not hold up every process's start.
 */
@Tag("process")
class HostNameProcessTest {

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    @TempDir
    Path dir;

    @Test
    void aMachineWhoseNameDoesNotResolve_isNamedAsTheKernelNamesIt() throws Exception {
        assumeTrue(Files.isReadable(KERNEL_HOST_NAME), "Linux only: the kernel's host name is read from " + KERNEL_HOST_NAME);
        String kernelName = Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII).strip();
        assumeTrue(!kernelName.isEmpty() && !kernelName.equals("localhost"),
                "the JDK never looks up a machine named localhost, so this one cannot play an unresolvable name");
        // the child JVM resolves names from this file only (a JDK option), which does not hold the machine's name
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 some-other-name\n");

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
                PrintHostName.class.getName())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.remove("HOSTNAME");
        environment.remove(HostIdentity.HOST_ID_ENV);
        Process child = builder.start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
        List<String> printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(printed).as("what the child printed, its exit %d", child.exitValue())
                .containsExactly("resolves: no", "host: " + kernelName);
    }

    /** The child: whether this machine's name resolves there, and which host name its identity has. */
    public static final class PrintHostName {
        public static void main(String[] args) {
            String resolves;
            try {
                InetAddress.getLocalHost();
                resolves = "yes";
            } catch (UnknownHostException e) {
                resolves = "no";
            }
            System.out.println("resolves: " + resolves);
            System.out.println("host: " + HostIdentity.current().hostName());
        }
    }
}
