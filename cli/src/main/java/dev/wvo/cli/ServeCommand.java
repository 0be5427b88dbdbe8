package dev.wvo.cli;

import dev.wvo.cli.shell.ShellCommands;
import dev.wvo.cli.web.DashboardServer;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code wvo serve}: the live view as a web page, until Ctrl-C. */
@Command(name = "serve",
        header = "Serve a live web page of the workers, tasks, merge queue, limits and events, with buttons.",
        description = "The page shows what wvo shell shows, live through Server-Sent Events sent when the state "
                + "changes; its buttons (pause, resume and stop a worker, spawn one more, stop the newest, reset a "
                + "blocked task, retry a stopped merge) run the same commands as wvo. It listens on 127.0.0.1 "
                + "unless --bind says otherwise; bound to an address other machines reach, the page needs the "
                + "token printed in its address. Runs until Ctrl-C. See docs/dashboard.md.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7117",
            description = "The port to listen on; 0 takes a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only); another address "
                    + "(0.0.0.0 for all) makes the page need the printed token.")
    private String bind;

    @Override
    public Integer call() throws IOException, InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        Path state = global.stateDirectory();
        if (!Files.isDirectory(state)) {
            throw new CommandFailure(ExitCodes.FAILURE, "no state directory " + state.toAbsolutePath()
                    + "; give one with --state DIR or $" + WvoCommand.STATE_ENV);
        }
        if (port < 0 || port > 65_535) {
            throw new CommandFailure(ExitCodes.USAGE, "--port " + port + " is no port; give 1 to 65535, or 0 for a free one");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--bind " + bind + " is no address of this machine: "
                    + e.getMessage());
        }
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-serve"))) {
            ShellCommands commands = ShellCommand.commands(global, locks, ShellCommand.detachedWorkers(global));
            DashboardServer server;
            try {
                server = DashboardServer.start(commands, new StateDir(state), new InetSocketAddress(address, port),
                        Clock.systemUTC(), ZoneId.systemDefault());
            } catch (BindException e) {
                throw new CommandFailure(ExitCodes.FAILURE, "cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                        + "); choose another port with --port N, or --port 0 for a free one");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the process ends anyway
                }
                stopped.countDown();
            }, "wvo-serve-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("wvo serve: " + server.uri() + (server.loopbackOnly() ? "  (this machine only; Ctrl-C stops)"
                    : "\n  Other machines can reach this address: the token in it is required, so share it only with "
                    + "people who may pause and stop the workers. Ctrl-C stops."));
            out.flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
