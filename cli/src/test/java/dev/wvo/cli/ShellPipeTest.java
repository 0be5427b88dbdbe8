package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo shell} as a script uses it: a real process whose input is a pipe. */
class ShellPipeTest {

    @TempDir
    Path dir;

    @Test
    void commandsFromAPipe_getPlainAnswers_andTheEndOfInputEndsTheShell() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: only-task
                    title: The only task
                    status: pending
                """);
        CliProcess shell = CliProcess.start(dir, "shell", Map.of(), "--state", state.toString(), "shell");
        try (OutputStream in = shell.process.getOutputStream()) {
            in.write("task list\nbogus\nstatus\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(shell.exitCode()).as(shell.stderr()).isZero();
        assertThat(shell.stdout()).containsPattern("only-task\\s+pending\\s+The only task")
                .contains("error: unknown command 'bogus'", "0/1 done", "Workers  none")
                .doesNotContain("\u001b[");
    }

    @Test
    void missingStateDirectory_failsWithOneLine() {
        Cli.Result r = Cli.inState(dir.resolve("nowhere"), "shell");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("no state directory").contains("--state DIR");
    }
}
