package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The lines every harness prints first, so that a figure says where and when it was taken. */
final class MachineDescription {

    private MachineDescription() {
    }

    static void print(String harness, Path dir) {
        System.out.println("# " + harness + " at " + Instant.now());
        System.out.println("# cpus " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version"));
        System.out.println("# files in " + dir + " (file system " + BenchDirectory.fileSystemType(dir) + ")");
        printLoad("at the start");
    }

    /**
     * The load averages (1, 5 and 15 minutes, as {@code uptime} shows them): on a shared machine a
     * figure means little without the load it was taken under.
     */
    static void printLoad(String when) {
        System.out.println("# load average " + when + ": " + loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
