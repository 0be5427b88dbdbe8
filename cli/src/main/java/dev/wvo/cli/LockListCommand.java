package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.TextTable;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wvo lock list}: every lock, its holders and waiters, and whether each is stale. */
@Command(name = "list",
        header = "List every lock with its holders, waiters and staleness.",
        description = "Removes leftovers of crashed processes first (temp files, unreadable lock files), then "
                + "lists every lock in <state>/locks, or in ZooKeeper with --lock-backend zookeeper. A holder "
                + "is stale when its process is gone, its host rebooted, or its lease ran out; the next acquirer "
                + "takes a stale lock (in ZooKeeper a dead holder's node goes when its session expires). "
                + "--json prints the schema documented in docs/cli.md.")
final class LockListCommand implements Callable<Integer> {


    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        Path directory = global.lockDirectory();
        LockListing listing;
        if (LockBackends.backend(global) == LockBackends.Backend.ZOOKEEPER) {
            listing = listZooKeeper(global);
        } else if (Files.isDirectory(directory)) {
            listing = list(global);
        } else {
            listing = LockListing.of(directory.toAbsolutePath(), clock.instant(), 0, List.of());
        }
        if (json.on()) {
            out.println(Json.MAPPER.writeValueAsString(listing));
        } else {
            printTable(out, listing, global.palette());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private LockListing list(WvoCommand global) {
        try (FileLockManager manager = (FileLockManager) open(global)) {
            int removed = manager.leftoversRemovedAtStart() + manager.cleanLeftovers();
            List<LockInfo> locks = manager.inspect();
            return LockListing.of(manager.directory(), clock.instant(), removed, locks);
        }
    }

    /** ZooKeeper deletes a dead holder's node itself, so there are no leftovers to remove. */
    private LockListing listZooKeeper(WvoCommand global) {
        try (LockManager manager = open(global)) {
            List<LockInfo> locks = manager.inspect();
            Instant now = clock.instant();
            return new LockListing(LockBackends.location(global), now.toString(), 0,
                    locks.stream().map(info -> LockListing.Lock.of(info, now)).toList());
        }
    }

    private LockManager open(WvoCommand global) {
        return LockBackends.open(global, LockBackends.Options.defaults()
                .listener(new StderrLockListener(spec.commandLine().getErr(), global.verbose())).clock(clock));
    }

    private static void printTable(PrintWriter out, LockListing listing, Palette palette) {
        if (listing.leftoversRemoved() > 0) {
            out.println("Removed " + listing.leftoversRemoved() + " leftover file(s) of crashed processes.");
        }
        if (listing.locks().isEmpty()) {
            out.println("No locks in " + listing.lockDirectory() + ".");
            return;
        }
        Instant now = Instant.parse(listing.generatedAt());
        TextTable table = new TextTable(List.of("RESOURCE", "MODE", "OWNER", "PID", "HOST", "TOKEN", "AGE", "LEASE", "STATE"));
        for (LockListing.Lock lock : listing.locks()) {
            if (lock.corrupt() != null) {
                table.add(row(lock.resource(), "-", "-", "-", "-", "-", "-", "-",
                        new TextTable.Cell("corrupt: " + lock.corrupt(), palette::red)));
            }
            for (LockListing.Holder h : lock.holders()) {
                TextTable.Cell state = h.stale()
                        ? new TextTable.Cell("stale: " + h.liveness().replace('_', ' '), palette::yellow)
                        : new TextTable.Cell("live", palette::green);
                table.add(row(lock.resource(), lock.mode(), h.owner(), Long.toString(h.pid()), h.host(),
                        Long.toString(h.token()), DurationText.format(Duration.ofMillis(h.ageMillis())),
                        lease(Instant.parse(h.leaseExpiresAt()), now), state));
            }
            for (LockListing.Waiter w : lock.waiters()) {
                String state = w.stale() ? "waiting (stale: " + w.liveness().replace('_', ' ') + ")" : "waiting";
                table.add(row(lock.resource(), "exclusive", w.owner(), Long.toString(w.pid()), w.host(), "-", "-", "-",
                        new TextTable.Cell(state, palette::dim)));
            }
        }
        table.print(out, palette::bold);
        out.println(palette.dim(listing.locks().size() + " lock(s) in " + listing.lockDirectory()));
    }

    private static String lease(Instant expiry, Instant now) {
        Duration left = Duration.between(now, expiry);
        return left.isNegative()
                ? "expired " + DurationText.format(left.negated()) + " ago"
                : DurationText.format(left) + " left";
    }

    private static List<TextTable.Cell> row(String resource, String mode, String owner, String pid, String host,
                                            String token, String age, String lease, TextTable.Cell state) {
        List<TextTable.Cell> cells = new ArrayList<>();
        for (String text : List.of(resource, mode, owner, pid, host, token, age, lease)) {
            cells.add(TextTable.Cell.plain(text));
        }
        cells.add(state);
        return cells;
    }
}
