package dev.wvo.cli;

import dev.wvo.worker.WorkerControl;
import picocli.CommandLine.Command;

/** {@code wvo worker resume}. */
@Command(name = "resume", header = "Withdraw a pause or stop request for a worker (or for all).")
final class WorkerResumeCommand extends WorkerRequestCommand {

    @Override
    WorkerControl.Request request() {
        return WorkerControl.Request.RUN;
    }

    @Override
    String verb() {
        return "resume";
    }
}
