package dev.wvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defects 3, 19 and 23 with real wvo JVMs: names anyone can write (worker ids on the
 * command line, task ids in {@code roadmap.yaml}) were used as paths, taken as given when they made
 * no sense, and printed raw to the terminal.
 */
@Tag("process")
class HostileNamesProcessTest {

    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    private CliProcess wvo(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        return CliProcess.start(dir, name, Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                all.toArray(String[]::new));
    }

    private CliProcess worker(String name, Path workdir, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--agent", "shell", "--plugins",
                plugins.toString(), "--workdir", workdir.toString(), "--exit-when-idle"));
        args.addAll(List.of(options));
        return wvo(name, args.toArray(String[]::new));
    }

    /** Defect 3: `worker resume ../../roadmap.yaml` deleted the roadmap; `--id ../../victim` wrote and deleted ./victim.json. */
    @Test
    void workerIdsThatClimbOut_areRefusedBeforeAnythingIsWrittenOrDeleted() throws Exception {
        assertThat(Cli.inState(state, "worker", "pause", "all").exitCode()).as("makes workers/control/").isZero();
        String roadmap = Files.readString(state.resolve("roadmap.yaml"));
        Path victim = Files.writeString(dir.resolve("victim.json"), "a person's file");

        CliProcess resume = wvo("resume", "worker", "resume", "../../roadmap.yaml");
        CliProcess start = worker("start", dir, "--id", "../../victim");
        CliProcess stop = wvo("stop", "worker", "stop", "../control/all");

        assertThat(resume.exitCode()).as(resume.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(resume.stderr()).isEqualTo("wvo: worker id '../../roadmap.yaml' cannot be used: it becomes a file "
                + "name, so it must be 1 to 64 letters, digits, '.', '_' or '-', start with a letter or digit, and have "
                + "no '..' (nor end in '.' or '.lock'); nothing was written\n");
        assertThat(start.exitCode()).as(start.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(start.stderr()).startsWith("wvo: --id '../../victim' cannot be used: it becomes a file name");
        assertThat(stop.exitCode()).as(stop.stderr()).isEqualTo(ExitCodes.USAGE);
        assertThat(state.resolve("roadmap.yaml")).hasContent(roadmap);
        assertThat(victim).hasContent("a person's file");
        assertThat(state.resolve("workers/control/all")).as("the pause for all is still there").exists();
    }

    /**
     * Defect 3 for task ids, which anyone may write: one that climbs and has a space runs in a
     * worktree on a branch of its own, lands, and leaves nothing outside the state directory and
     * the repository's own places.
     */
    @Test
    void aTaskIdThatClimbsAndHasSpaces_runsOnAnEncodedBranch_andLands() throws Exception {
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n"
                + "  - {id: '../../x y', title: t, owns: [out], command: 'mkdir -p out && echo done > out/x.txt'}\n");

        CliProcess w = worker("w", repo.dir, "--id", "w1", "--worktree", "always");

        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();
        assertThat(new ObjectMapper().readTree(Cli.inState(state, "task", "show", "../../x y", "--json").out())
                .get("status").asText()).isEqualTo("done");
        assertThat(repo.git("show", "main:out/x.txt")).isEqualTo("done\n");
        assertThat(repo.git("branch", "--list", "wvo/*")).matches("(?s)\\s*wvo/w1/x-y-[0-9a-f]{8}\\s*|\\s*");
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).as("nothing named after the id's last part")
                    .noneMatch(name -> name.startsWith("x y"));
        }
    }

    /** Defect 19: a task depending on itself or on "", owning "", or allowed -5 attempts was accepted. */
    @Test
    void selfAndEmptyDependencies_emptyOwnership_andNegativeCounts_areRefused() throws Exception {
        CliProcess self = wvo("self", "task", "add", "A", "--title", "a", "--depends-on", "B,A");
        CliProcess empty = wvo("empty", "task", "add", "A", "--title", "a", "--depends-on", "");
        CliProcess owns = wvo("owns", "task", "add", "A", "--title", "a", "--owns", "");
        CliProcess attempts = wvo("attempts", "task", "add", "A", "--title", "a", "--max-attempts", "-5");

        assertThat(self.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(self.stderr()).isEqualTo("wvo: --depends-on A: a task cannot depend on itself\n");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.stderr()).contains("--depends-on has an empty entry");
        assertThat(owns.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(owns.stderr()).contains("--owns", "an empty path");
        assertThat(attempts.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(attempts.stderr()).contains("--max-attempts must be at least 1, not -5");
        assertThat(Cli.inState(state, "task", "list", "--json").out()).doesNotContain("\"A\"");

        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n"
                + "  - {id: S, title: s, dependencies: [S], command: 'echo S >> ran'}\n"
                + "  - {id: E, title: e, dependencies: [''], command: 'echo E >> ran'}\n"
                + "  - {id: N, title: n, max_attempts: -5, command: 'echo N >> ran'}\n"
                + "  - {id: B, title: b, budget: 5 bucks, command: 'echo B >> ran'}\n"
                + "  - {id: OK, title: ok, command: 'echo OK >> ran'}\n");
        CliProcess list = wvo("list", "task", "list");
        CliProcess doctor = wvo("doctor", "doctor");
        CliProcess status = wvo("status", "status");
        CliProcess w = worker("w", dir);

        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stderr()).contains(":3: depends on itself; remove S from its dependencies",
                ":4: an empty dependency; remove it",
                ":5: max_attempts '-5' is not a count: use a whole number of at least 1",
                ":6: budget is '5 bucks', which is not a budget; write $2.50");
        doctor.exitCode();
        assertThat(doctor.stdout() + doctor.stderr()).contains("budget is '5 bucks', which is not a budget");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("4 roadmap warning(s)");
        assertThat(w.exitCode()).as(w.stderr()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).as("only the task without a problem ran").containsExactly("OK");
    }

    /**
     * Defect 23: ids with ESC or a newline were printed raw (an id could clear the screen or forge a
     * line of output), and `context add --section X` pointed to a configuration key that does not exist.
     */
    @Test
    void controlCharactersInIds_areShownEscaped_everywhere_andRefusedOnInput() throws Exception {
        CliProcess add = wvo("add", "task", "add", "T" + ESC + "[2J", "--title", "t");
        assertThat(add.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(add.stderr()).isEqualTo("wvo: a task id 'T\\e[2J' has a control character, which a terminal would "
                + "act on and nobody can type; leave it out\n");

        CliProcess bidi = wvo("bidi", "task", "add", "ab\u202ecd", "--title", "t");
        assertThat(bidi.exitCode()).as("a direction override shows the id other than it is").isEqualTo(ExitCodes.USAGE);
        assertThat(bidi.stderr()).contains("'ab\\u202ecd' has a control character");

        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n"
                + "  - {id: \"C\\e]0;pwned\\a\", title: \"two\\nlines\", command: 'echo C >> ran'}\n"
                + "  - {id: \"F\\nwvo: forged\", title: f, command: 'echo F >> ran'}\n"
                + "  - {id: OK, title: \"bell\\a\", command: 'echo OK >> ran'}\n");
        List<CliProcess> runs = List.of(wvo("list", "task", "list"), wvo("show", "task", "show", "OK"),
                wvo("status", "status"), worker("w", dir), wvo("doctor", "doctor"));
        for (CliProcess run : runs) {
            run.exitCode();
        }
        CliProcess events = wvo("events", "events");
        assertThat(events.exitCode()).as(events.stderr()).isZero();

        for (CliProcess run : Stream.concat(runs.stream(), Stream.of(events)).toList()) {
            String printed = run.stdout() + run.stderr();
            assertThat(printed).as(run.out.toString()).doesNotContain(ESC, BEL);
            assertThat(printed.lines()).as(run.out.toString()).noneMatch(l -> l.startsWith("wvo: forged"));
        }
        assertThat(runs.get(0).stderr()).contains(":3: its id has a control character", ":4: its id has");
        assertThat(runs.get(0).stdout()).contains("C\\e]0;pwned\\x07", "F\\nwvo: forged", "bell\\x07");
        assertThat(Files.readAllLines(dir.resolve("ran"))).as("entries with such ids wait to be renamed")
                .containsExactly("OK");

        CliProcess section = wvo("section", "context", "add", "--section", "Decisions", "a note");
        assertThat(section.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(section.stderr()).contains("give --section one of 'latest update', 'recent activity', 'recent updates'");
    }
}
