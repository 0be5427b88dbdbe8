package dev.wvo.cli;

import dev.wvo.worker.WorkerControl;
import picocli.CommandLine.Command;

/** {@code wvo worker pause}. */
@Command(name = "pause", header = "Ask a worker (or all) to pause once its current task is finished.")
final class WorkerPauseCommand extends WorkerRequestCommand {

    @Override
    WorkerControl.Request request() {
        return WorkerControl.Request.PAUSE;
    }

    @Override
    String verb() {
        return "pause";
    }
}
