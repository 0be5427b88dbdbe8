package dev.wvo.worker;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An agent backend for worker tests, always available: a run does what the test's {@link Work}
 * says (writes files in the working directory, waits for a latch, answers an outcome).
 */
record FakeAgent(String name, Work work) implements AgentBackend {

    /** What one run does; a file it cannot write fails the run as an agent's crash would. */
    @FunctionalInterface
    interface Work {
        AgentOutcome run(AgentRun run, OutputSink output) throws IOException, InterruptedException;
    }

    @Override
    public Availability availability() {
        return Availability.yes("in the test");
    }

    @Override
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        try {
            return work.run(run, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
