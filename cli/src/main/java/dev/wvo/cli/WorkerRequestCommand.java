package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.fs.FileNames;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code wvo worker stop|pause|resume} share: write the request for one worker or for
 * {@code all} through {@link WorkerControl}, and say which live workers it reaches. A stop or
 * pause for a named worker that is not running is refused, since a worker clears its own
 * request when it starts and the request would do nothing (usually the name is mistyped).
 */
abstract class WorkerRequestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKER", description = "A worker id (as in wvo events), or all.")
    String worker;

    /** The request this command writes. */
    abstract WorkerControl.Request request();

    /** What the request asks, for messages: {@code stop}, {@code pause}, {@code resume}. */
    abstract String verb();

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        List<String> live = liveWorkers(global);
        boolean all = WorkerControl.ALL.equals(worker);
        if (!all) {
            // the id names the request's file: `../../roadmap.yaml` once deleted the roadmap
            FileNames.problem("worker id", worker).ifPresent(problem -> {
                throw new CommandFailure(ExitCodes.USAGE, TerminalText.line(problem) + "; nothing was written");
            });
        }
        if (!all && request() != WorkerControl.Request.RUN && !live.contains(worker)) {
            throw new CommandFailure(ExitCodes.FAILURE, "no live worker '" + worker + "' (nothing holds the lock "
                    + WorkerPresence.resourceOf(worker) + " in " + global.lockDirectory() + "); "
                    + (live.isEmpty() ? "no worker is running" : "running: " + String.join(", ", live))
                    + ". Nothing was written.");
        }
        WorkerControl control = new WorkerControl(global.state());
        try {
            control.request(worker, request());
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage()
                    + "; check that the state directory exists and is writable", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(message(control, live, all));
        out.flush();
        return ExitCodes.OK;
    }

    private String message(WorkerControl control, List<String> live, boolean all) {
        String reached = live.isEmpty() ? "no worker is running now"
                : live.size() + " running: " + String.join(", ", live);
        if (request() == WorkerControl.Request.RUN) {
            if (!all && control.requestFor(worker) != WorkerControl.Request.RUN) {
                return "Cleared the request for " + worker + ", but a request for all workers ("
                        + control.requestFor(worker).name().toLowerCase() + ") still holds it: run wvo worker resume all.";
            }
            return all ? "Cleared the request for all workers (" + reached + "); a worker's own pause or stop still holds."
                    : "Asked " + worker + " to resume.";
        }
        if (all) {
            return "Asked all workers to " + verb() + " (" + reached + "). The request also holds for workers "
                    + "started later, until wvo worker resume all.";
        }
        return "Asked " + worker + " to " + verb() + "; it does so once its current task is finished.";
    }

    /** The ids of workers alive now: those with a record whose presence lock a live process holds. */
    private static List<String> liveWorkers(WvoCommand global) {
        Path locks = global.lockDirectory();
        List<WorkerRecord> records = new WorkerRegistry(global.workersDirectory()).list();
        if (records.isEmpty() || !Files.isDirectory(locks)) {
            return List.of();
        }
        try (LockManager manager = LockBackends.open(global, LockBackends.Options.defaults())) {
            WorkerPresence presence = new WorkerPresence(manager);
            return records.stream().map(WorkerRecord::id).filter(presence::isAlive).toList();
        }
    }
}
