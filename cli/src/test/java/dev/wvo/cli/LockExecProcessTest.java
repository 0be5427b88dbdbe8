package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code wvo lock exec} as separate JVMs, the way terminals and scripts run it. */
@Tag("process")
class LockExecProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliProcess wvo(String name, String... args) throws IOException {
        return CliProcess.start(dir, name, Map.of(), args);
    }

    @Test
    void concurrentExecs_onOneResource_neverInterleave() throws Exception {
        int processes = 4;
        Path log = dir.resolve("log");
        List<CliProcess> all = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            all.add(wvo("p" + i, "lock", "exec", "shared-file", "--",
                    "sh", "-c", "echo \"start $WVO_LOCK_TOKEN\" >> log; sleep 0.2; echo \"end $WVO_LOCK_TOKEN\" >> log"));
        }
        for (CliProcess p : all) {
            assertThat(p.exitCode()).as(p.stderr()).isZero();
        }

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2 * processes);
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 2) {
            String token = lines.get(i).substring("start ".length());
            assertThat(lines.get(i)).startsWith("start ");
            assertThat(lines.get(i + 1)).as("the holder that started must end before anyone else starts")
                    .isEqualTo("end " + token);
            tokens.add(Long.parseLong(token));
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void exec_whileAnotherProcessHolds_timeoutZero_exits75NamingIt() throws Exception {
        CliProcess holder = wvo("holder", "lock", "exec", "roadmap", "--owner", "holder-A", "--",
                "sh", "-c", "touch ready; while [ ! -f release ]; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));

        CliProcess second = wvo("second", "lock", "exec", "roadmap", "--timeout", "0", "--", "true");
        assertThat(second.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
        assertThat(second.stderr()).contains("'roadmap' not acquired at once: held by holder-A (pid " + holder.process.pid());

        Files.createFile(dir.resolve("release"));
        assertThat(holder.exitCode()).isZero();
        CliProcess third = wvo("third", "lock", "exec", "roadmap", "--timeout", "0", "--", "true");
        assertThat(third.exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TERM, 143, ''", "INT, 130, ''", "TERM, 143, trap '' TERM;"})
    void signalToWvo_stopsTheCommandThenReleasesTheLock(String signal, int expectedExit, String childPrelude) throws Exception {
        CliProcess exec = wvo("exec", "lock", "exec", "r", "--grace", "300ms", "--",
                "sh", "-c", childPrelude + " echo $$ > child.pid; while true; do sleep 0.05; done");
        Path pidFile = dir.resolve("child.pid");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long childPid = Long.parseLong(Files.readString(pidFile).strip());

        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(exec.process.pid())).start().waitFor()).isZero();

        assertThat(exec.exitCode()).isEqualTo(expectedExit);
        assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        JsonNode listing = JSON.readTree(Cli.inState(dir.resolve("state"), "lock", "list", "--json").out());
        assertThat(listing.get("locks")).as("the lock is released, not left for the lease to expire").isEmpty();
    }

    /** Issue 21, defect 9: a SIGTERM to wvo released the lock while COMMAND's children still ran. */
    @ParameterizedTest(name = "child {0}")
    @CsvSource({"'dies of SIGTERM', ''", "'ignores SIGTERM, killed after the grace', 'trap \"\" TERM;'"})
    void sigtermToWvo_stopsEverythingCommandStarted_beforeTheLockIsFree(String what, String childPrelude)
            throws Exception {
        CliProcess first = wvo("first", "lock", "exec", "r", "--grace", "500ms", "--",
                "sh", "-c", "(" + childPrelude + " touch ready; sleep 2; echo first-late >> f); wait");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));

        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(first.process.pid())).start().waitFor()).isZero();
        CliProcess second = wvo("second", "lock", "exec", "r", "--", "sh", "-c", "echo second >> f");

        assertThat(first.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + 15);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        // longer than the child would have slept: a late line would be there by now
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readAllLines(dir.resolve("f"))).containsExactly("second"));
    }

    @Test
    void processesCommandLeftBehind_keepTheLockUntilTheyEnd_likeFlock() throws Exception {
        CliProcess first = wvo("first", "lock", "exec", "r", "--",
                "sh", "-c", "(sleep 2; echo background >> f) & echo command >> f");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("f")));
        CliProcess second = wvo("second", "lock", "exec", "r", "--", "sh", "-c", "echo second >> f");

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isZero();
        assertThat(Files.readAllLines(dir.resolve("f"))).containsExactly("command", "background", "second");
        assertThat(first.stderr()).contains("COMMAND has ended; lock 'r' stays held until the", "process(es) it started end");
    }

    @Test
    void exitCodes_passThroughTheRealProcess() throws Exception {
        assertThat(wvo("a", "lock", "exec", "r", "--", "sh", "-c", "exit 42").exitCode()).isEqualTo(42);
        assertThat(wvo("b", "lock", "exec", "r", "--", "no-such-command-wvo").exitCode()).isEqualTo(ExitCodes.COMMAND_NOT_FOUND);
        CliProcess bad = wvo("c", "lock", "exec", "r", "--timeout", "soon", "--", "true");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.stderr()).startsWith("wvo: Invalid value for option '--timeout': 'soon' is not a duration");
        assertThat(wvo("d", "lock", "--bogus").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void commandOutput_andStdin_areTheTerminalsOwn() throws Exception {
        CliProcess p = wvo("echo", "lock", "exec", "r", "--", "sh", "-c", "echo out-$WVO_LOCK_RESOURCE; echo err >&2");
        assertThat(p.exitCode()).isZero();
        assertThat(p.stdout()).isEqualTo("out-r\n");
        assertThat(p.stderr()).isEqualTo("err\n");
    }

    @Test
    void stateDirectory_comesFromWvoStateInTheEnvironment_relativeToTheCurrentDirectory() throws Exception {
        CliProcess p = CliProcess.start(dir, "env", Map.of("WVO_STATE", "custom"),
                "lock", "exec", "r", "--", "sh", "-c", "test -f custom/locks/r.lock");
        assertThat(p.exitCode()).as(p.stderr()).isZero();

        CliProcess defaulted = wvo("default", "lock", "exec", "r", "--", "sh", "-c", "test -f state/locks/r.lock");
        assertThat(defaulted.exitCode()).as(defaulted.stderr()).isZero();
    }
}
