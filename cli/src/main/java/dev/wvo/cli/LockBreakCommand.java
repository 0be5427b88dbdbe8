package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code wvo lock break}: removes a lock by hand; a live holder's only with {@code --force}. */
@Command(name = "break",
        header = "Remove the lock on RESOURCE (a live holder's only with --force).",
        description = "Stale locks are taken over by the next acquirer anyway; break is for a lock whose holder "
                + "you know to be gone or stuck. Breaking a live holder's lock lets another process in while it "
                + "still runs; it notices at its next lease renewal, and its older fencing token is rejected "
                + "by stores that check tokens.")
final class LockBreakCommand implements Callable<Integer> {

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    private String resource;

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The name of the lock.")
    void resource(String name) {
        resource = LockCommand.resourceName(spec, name);
    }

    @Option(names = "--force", description = "Break the lock even if its holder is alive.")
    private boolean force;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        boolean onFiles = LockBackends.backend(global) == LockBackends.Backend.FILE;
        Path directory = global.lockDirectory();
        if (onFiles && !Files.isDirectory(directory)) {
            out.println("No lock on '" + resource + "' (no lock directory " + directory + "); nothing to break.");
            return ExitCodes.OK;
        }
        String where = onFiles ? directory.toString() : LockBackends.location(global);
        BreakResult result;
        try (LockManager manager = LockBackends.open(global, LockBackends.Options.defaults()
                .listener(new StderrLockListener(spec.commandLine().getErr(), global.verbose())).clock(clock))) {
            result = manager.breakLock(resource, force);
        }
        Instant now = clock.instant();
        switch (result.outcome()) {
            case NOT_HELD -> out.println("No lock on '" + resource + "' in " + where + "; nothing to break.");
            case REFUSED_LIVE_HOLDER -> throw new CommandFailure(ExitCodes.FAILURE, "lock '" + resource
                    + "' is held by a live holder: " + describe(live(result.holders()), now)
                    + ". It may still be working under the lock; if you are sure it must go, run: wvo lock break "
                    + quoted(resource) + " --force");
            case BROKEN -> out.println(result.holders().isEmpty()
                    ? "Broke lock '" + resource + "': removed an unreadable lock file."
                    : "Broke lock '" + resource + "': removed " + describe(result.holders(), now) + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<HolderInfo> live(List<HolderInfo> holders) {
        return holders.stream().filter(h -> !h.isStale()).toList();
    }

    private static String describe(List<HolderInfo> holders, Instant now) {
        return holders.stream().map(h -> h.describe() + ", held for "
                        + DurationText.format(Duration.between(h.acquiredAt(), now)) + ", "
                        + (h.isStale() ? "stale: " + h.staleness().name().toLowerCase(Locale.ROOT).replace('_', ' ') : "alive"))
                .collect(Collectors.joining("; "));
    }

    private static String quoted(String resource) {
        return resource.matches("[A-Za-z0-9_./:@%+=-]+") ? resource : "'" + resource.replace("'", "'\\''") + "'";
    }
}
