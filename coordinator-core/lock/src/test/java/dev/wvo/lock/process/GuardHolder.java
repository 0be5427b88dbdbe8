package dev.wvo.lock.process;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM that takes a file's kernel lock, as a lock step takes its guard, says {@code held} on
 * stdout, and keeps it until its stdin closes: a process in the middle of a step that does not go on.
 */
public final class GuardHolder {

    private GuardHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             var ignored = channel.lock()) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
