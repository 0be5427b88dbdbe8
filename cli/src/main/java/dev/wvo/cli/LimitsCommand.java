package dev.wvo.cli;

import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.cli.render.AccountText;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.config.Config;
import dev.wvo.status.StatusSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wvo limits}: each account, usable or limited until when and why; {@code wvo limits clear ACCOUNT} lifts one. */
@Command(name = "limits",
        header = "List each account of the agent backends: usable, or limited until when and why, and what it spent today.",
        description = "Every worker reads the rate-limit board before it picks an account, and goes on with the next "
                + "account of its chain while one is limited (the next account of the same backend before the next "
                + "backend). An entry lifts by itself at its time; `wvo limits clear ACCOUNT` lifts it now (the account "
                + "was upgraded, the limit was a mistake). --json prints the schema documented in docs/cli.md.",
        subcommands = LimitsCommand.Clear.class)
final class LimitsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        Clock clock = Clock.systemUTC();
        StatusSnapshot snapshot;
        try (StateAccess state = StateAccess.open(global, null, clock)) {
            snapshot = StatusSnapshot.read(new StatusSnapshot.Source(state.dir(), LockBackends.backend(global).label(),
                    LockBackends.location(global)), state.locks(), clock, global.config());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Json.print(out, StatusJson.accounts(snapshot.accounts()));
            return ExitCodes.OK;
        }
        Palette palette = global.palette();
        if (snapshot.accounts().isEmpty()) {
            out.println("No account is limited, and none has run today.");
        } else {
            TextTable table = new TextTable(List.of("ACCOUNT", "STATE", "WHY", "BY", "TODAY"));
            for (StatusSnapshot.AccountLine a : snapshot.accounts()) {
                table.add(List.of(TextTable.Cell.plain(a.id()), a.usable()
                                ? new TextTable.Cell("usable", palette::green)
                                : new TextTable.Cell(AccountText.state(a, snapshot.readAt()), palette::yellow),
                        TextTable.Cell.plain(AccountText.why(a)),
                        TextTable.Cell.plain(a.usable() || a.limit().by() == null ? "-" : a.limit().by()),
                        TextTable.Cell.plain(AccountText.today(a))));
            }
            table.print(out, palette::bold);
        }
        if (snapshot.allLimited() != null) {
            out.println(palette.red(AccountText.allLimited(snapshot.allLimited())
                    + ": workers wait and go on by themselves at the reset"));
        }
        if (snapshot.accounts().stream().anyMatch(a -> !a.usable())) {
            out.println(palette.dim("lift one now with: wvo limits clear ACCOUNT"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code wvo limits clear ACCOUNT}. */
    @Command(name = "clear", header = "Lift an account's limit now (a backend's name lifts all of its accounts), so that "
            + "workers use it again at once.")
    static final class Clear implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ACCOUNT", description = "The account to lift (claude:work, as `wvo limits` names it), "
                + "or a backend (claude) for all of its accounts.")
        private String account;

        @Override
        public Integer call() {
            WvoCommand global = WvoCommand.of(spec);
            Config config = global.config();
            boolean removed;
            try (StateAccess state = StateAccess.open(global, null, Clock.systemUTC())) {
                removed = new RateLimitBoard(state.dir().root(), state.locks(), Clock.systemUTC(), config.limits())
                        .clear(account);
            }
            if (!removed) {
                throw new CommandFailure(ExitCodes.FAILURE, account + " is not on the rate-limit board; `wvo limits` "
                        + "lists the accounts that are limited");
            }
            spec.commandLine().getOut().println(account + " is no longer limited; workers use it again at once.");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
