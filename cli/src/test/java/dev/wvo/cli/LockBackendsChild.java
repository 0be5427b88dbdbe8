package dev.wvo.cli;

import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Arrays;

/**
 * A JVM for {@link LockBackendsTest}: opens the backend its global options choose through
 * {@link LockBackends#open}, takes the lock {@code r}, says so on stdout, and exits with 0
 * without closing the manager, as a process that ends while holding locks does.
 *
 * <p>Arguments: {@code true|false} (release on shutdown), then wvo's global options.
 */
public final class LockBackendsChild {

    private LockBackendsChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        WvoCommand global = new WvoCommand(System.getenv());
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        new CommandLine(global.spec()).parseArgs(options);
        LockManager locks = LockBackends.open(global, Boolean.parseBoolean(args[0])
                ? LockBackends.Options.defaults().owner("child").lease(Duration.ofSeconds(30)).releasingOnShutdown()
                : LockBackends.Options.defaults().owner("child").lease(Duration.ofSeconds(30)));
        long token = locks.acquire("r", LockMode.EXCLUSIVE).token();
        System.out.println("held " + token);
        System.out.flush();
        System.exit(0);
    }
}
