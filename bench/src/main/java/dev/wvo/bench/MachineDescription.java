package dev.wvo.bench;

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
    }
}
