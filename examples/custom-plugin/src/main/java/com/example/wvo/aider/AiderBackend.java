package com.example.wvo.aider;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.Executables;
import dev.wvo.spi.OutputSink;
import org.pf4j.Extension;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A third-party backend: runs {@code aider --message PROMPT --yes-always --no-pretty}, the way
 * Aider is scripted, in the task's working directory. Everything it uses of wvo is the SPI.
 */
@Extension
public class AiderBackend implements AgentBackend {

    @Override
    public String name() {
        return "aider";
    }

    @Override
    public Availability availability() {
        return Executables.find("aider", Map.of()).map(p -> Availability.yes(p.toString()))
                .orElseGet(() -> Availability.no("`aider` is not on the PATH: pip install aider-chat"));
    }

    @Override
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        Optional<Path> aider = Executables.find(run.setting("executable", "aider"), run.environment());
        if (aider.isEmpty()) {
            return AgentOutcome.failure(null, "aider not found on the PATH");
        }
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(List.of(aider.get().toString(), "--message", run.prompt(), "--yes-always", "--no-pretty"),
                    run.workingDirectory(), run.environment(), Set.of())
                    .run(run.timeout(), run.stallTimeout(), output::line, output::line);
        } catch (UncheckedIOException e) {
            return AgentOutcome.failure(null, e.getMessage());
        }
        var stopped = AgentOutcome.ofStopped(result, run);
        if (stopped.isPresent()) {
            return stopped.get();
        }
        String last = result.tail().isEmpty() ? "" : result.tail().get(result.tail().size() - 1);
        return result.exitCode() == 0 ? AgentOutcome.success(0, last) : AgentOutcome.failure(result.exitCode(), last);
    }
}
