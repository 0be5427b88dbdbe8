package dev.wvo.cli;

import dev.wvo.worker.WorkerControl;
import picocli.CommandLine.Command;

/** {@code wvo worker stop}. */
@Command(name = "stop", header = "Ask a worker (or all) to finish its current task and exit.")
final class WorkerStopCommand extends WorkerRequestCommand {

    @Override
    WorkerControl.Request request() {
        return WorkerControl.Request.STOP;
    }

    @Override
    String verb() {
        return "stop";
    }
}
