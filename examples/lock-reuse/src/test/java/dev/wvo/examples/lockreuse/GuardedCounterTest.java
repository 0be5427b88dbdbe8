package dev.wvo.examples.lockreuse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The program's command line: arguments, output and exit codes. */
class GuardedCounterTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void increments_thenReportsTokenAndValue() throws Exception {
        int code = run(dir.resolve("locks").toString(), dir.resolve("counter").toString(), "3");

        assertThat(code).isEqualTo(GuardedCounter.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("3 increments, last token 3, counter 3\n");
        assertThat(new FencedCounterFile(dir.resolve("counter")).read()).isEqualTo(new FencedCounterFile.State(3, 3));
    }

    @Test
    void secondRun_continuesTheCounterAndTheTokens() throws Exception {
        run(dir.resolve("locks").toString(), dir.resolve("counter").toString(), "2");
        int code = run(dir.resolve("locks").toString(), dir.resolve("counter").toString());

        assertThat(code).isEqualTo(GuardedCounter.OK);
        assertThat(new FencedCounterFile(dir.resolve("counter")).read()).isEqualTo(new FencedCounterFile.State(3, 3));
    }

    @Test
    void missingArguments_printUsage() throws Exception {
        assertThat(run(dir.toString())).isEqualTo(GuardedCounter.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: GuardedCounter LOCK_DIR COUNTER_FILE");
    }

    @Test
    void nonNumericCount_isRefused() throws Exception {
        assertThat(run(dir.resolve("locks").toString(), dir.resolve("counter").toString(), "many"))
                .isEqualTo(GuardedCounter.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("got 'many'");
    }

    private int run(String... args) throws InterruptedException {
        return GuardedCounter.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
