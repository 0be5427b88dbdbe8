package dev.wvo.lock.process;

import dev.wvo.lock.HostIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM on a machine whose name does not resolve still names its machine, as the kernel names
 * it: the lock records of two such machines must not both say "localhost". Where the name
 * resolves, the name is the one the resolver gives, as it was when wvo asked the resolver.
 */
@Tag("process")
class HostNameProcessTest {

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    @TempDir
    Path dir;

    @Test
    void aMachineWhoseNameDoesNotResolve_isNamedAsTheKernelNamesIt() throws Exception {
        String kernelName = kernelName();
        // the child JVM resolves names from this file only (a JDK option), which does not hold the machine's name
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 some-other-name\n");

        assertThat(run(hosts)).containsExactly("resolves: no", "host: " + kernelName);
    }

    @Test
    void aMachineWhoseNameResolves_isNamedAsTheResolverNamesIt() throws Exception {
        String kernelName = kernelName();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.1.1 " + kernelName + "\n");

        assertThat(run(hosts)).containsExactly("resolves: yes, as " + kernelName, "host: " + kernelName);
    }

    private static String kernelName() throws Exception {
        assumeTrue(Files.isReadable(KERNEL_HOST_NAME), "Linux only: the kernel's host name is read from " + KERNEL_HOST_NAME);
        String name = Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII).strip();
        assumeTrue(!name.isEmpty() && !name.equals("localhost"),
                "the JDK never looks up a machine named localhost, so this one cannot play an unresolvable name");
        return name;
    }

    /** What {@link PrintHostName} prints in a JVM that resolves names from {@code hosts} only, with no host name given. */
    private static List<String> run(Path hosts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
                PrintHostName.class.getName());
        Map<String, String> environment = builder.environment();
        environment.remove("HOSTNAME");
        environment.remove(HostIdentity.HOST_ID_ENV);
        Process child = builder.start();
        try {
            // stdout only: the JVM writes notes such as "Picked up JAVA_TOOL_OPTIONS" on stderr
            CompletableFuture<byte[]> printed = CompletableFuture.supplyAsync(() -> readAll(child.getInputStream()));
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(child.getErrorStream()));
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
            assertThat(child.exitValue()).as("the child's exit; its stderr: %s",
                    new String(errors.join(), StandardCharsets.UTF_8)).isZero();
            return new String(printed.join(), StandardCharsets.UTF_8).lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child: whether and as what this machine's name resolves there, and which host name its identity has. */
    public static final class PrintHostName {
        public static void main(String[] args) {
            String resolves;
            try {
                resolves = "yes, as " + InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                resolves = "no";
            }
            System.out.println("resolves: " + resolves);
            System.out.println("host: " + HostIdentity.current().hostName());
        }
    }
}
