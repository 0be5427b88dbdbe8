package dev.wvo.doctor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A contender on a file system whose locks do nothing: it enters without any lock, and stays
 * inside a while, as a worker's real work would, so that two of them are found inside together.
 */
public final class NoLockContender {

    private NoLockContender() {
    }

    public static void main(String[] args) throws Exception {
        LockContender.contend(Path.of(args[2]), Duration.ofMillis(Long.parseLong(args[3])), () -> () -> { },
                () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)));
    }
}
