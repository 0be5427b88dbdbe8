package dev.wvo.worker;

import dev.wvo.config.RetrySettings;
import dev.wvo.fs.StateDir;
import dev.wvo.git.TaskWorkspace;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The brief a retried attempt gets about the one before, read from real artifacts and a real git repository. */
class AttemptBriefTest {

    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path root;
    private Path state;
    private Path work;
    private Git git;

    @BeforeEach
    void setUp() throws Exception {
        state = Files.createDirectories(root.resolve("work").resolve("state"));
        work = root.resolve("work");
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        write("src/app.txt", "one\ntwo\nthree\n");
        write("README.md", "readme\n");
        write(".gitignore", "build/\n");
        commit("base", ".");
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void firstAttempt_hasNoBrief() {
        AttemptBrief brief = brief(1, RetrySettings.DEFAULTS, "claude", Map.of());
        assertThat(brief.text()).isEmpty();
        assertThat(brief.resumeSession("claude", null)).isNull();
    }

    @Test
    void failedAttempt_toldWhyWithItsCommitsFilesFeedbackAndOutput() throws Exception {
        git.checkout().setCreateBranch(true).setName("wvo/w1/T1").call();
        AttemptRecord begun = start("claude");
        write("src/app.txt", "one\n2\nthree\nfour\n");
        commit("Rework the app", "src");
        write("src/new.txt", "fresh\n"); // uncommitted and untracked: still the attempt's work
        write("state/events.jsonl", "{}\n"); // the state directory changes with every attempt: left out
        Path dir = new StateDir(state).attempt("T1", 1).directory();
        finish(begun, "failure", "exit 1: tests failed in src/app.txt", "sess-1");
        Files.writeString(dir.resolve("output.log"), "starting\n\nran the tests\nFAILED: AppTest\n");
        Files.writeString(new StateDir(state).attempt("T1", 1).feedback(), "merge test failed\nexpected 4 but was 3\n");
        git.checkout().setName("main").call(); // another task's branch is checked out now: the branch tip counts

        String text = brief(2, RetrySettings.DEFAULTS, "claude", Map.of()).text();

        assertThat(text).startsWith("Attempt 1 (claude, worker w1) failed: exit 1: tests failed in src/app.txt\n");
        assertThat(text).contains("Commits it made on wvo/w1/T1 since ", "Rework the app",
                "Files changed since ", "(1 file, +2 -1):", "  src/app.txt (+2 -1)",
                "Feedback on it (last 2 lines of feedback.txt):\n  merge test failed\n  expected 4 but was 3\n",
                "Its last output (last 3 lines of output.log):\n  starting\n  ran the tests\n  FAILED: AppTest\n");
        assertThat(text).as("not on the branch any more: only committed work is the attempt's")
                .doesNotContain("src/new.txt").doesNotContain("events.jsonl");
    }

    @Test
    void attemptStillCheckedOut_countsUncommittedAndNewFiles_butNotTheStateDirectory() throws Exception {
        AttemptRecord begun = start("claude");
        write("src/app.txt", "one\ntwo\n");
        write("src/new.txt", "a\nb\nc\n");
        write("state/events.jsonl", "{}\n");
        write("build/out.txt", "ignored\n");
        finish(begun, "stalled", "no output for 900 s", null);

        String text = brief(2, RetrySettings.DEFAULTS, "claude", Map.of()).text();

        assertThat(text).startsWith("Attempt 1 (claude, worker w1) stalled (printed nothing for too long): no output for 900 s");
        assertThat(text).contains("(2 files, +3 -1):", "  src/app.txt (+0 -1)", "  src/new.txt (+3 -0)")
                .doesNotContain("Commits it made").doesNotContain("events.jsonl").doesNotContain("build/");
    }

    @Test
    void deadWorker_startRecordIsEnough() throws Exception {
        AttemptRecord begun = start("codex");
        write("src/half.txt", "half done\n");
        Files.writeString(new StateDir(state).attempt("T1", 1).directory().resolve("output.log"), "editing src/half.txt\n");
        assertThat(begun.isRunning()).isTrue();

        String text = brief(2, RetrySettings.DEFAULTS, "codex", Map.of()).text();

        assertThat(text).startsWith("Attempt 1 (codex, worker w1) did not finish: its worker w1 died and the task was reclaimed.");
        assertThat(text).contains("  src/half.txt (+1 -0)", "  editing src/half.txt");
    }

    @Test
    void missingParts_areLeftOut() throws Exception {
        Path dir = Files.createDirectories(new StateDir(state).attempt("T1", 1).directory());
        assertThat(brief(2, RetrySettings.DEFAULTS, "claude", Map.of()).text()).as("an empty directory tells nothing").isEmpty();

        Files.writeString(dir.resolve("output.log"), "last words\n");
        assertThat(brief(2, RetrySettings.DEFAULTS, "claude", Map.of()).text())
                .isEqualTo("Attempt 1 left no record of how it ended.\nIts last output (last line of output.log):\n  last words\n");

        Files.delete(dir.resolve("output.log"));
        AttemptRecord.started("T1", 1, "w1", "shell", T0, root.resolve("gone"), Optional.empty())
                .finished(T0.plusSeconds(5), "timed_out", List.of("out/a.txt"), "stopped after 60 s", null, "shell", List.of()).writeTo(new StateDir.AttemptDir(dir));
        assertThat(brief(2, RetrySettings.DEFAULTS, "shell", Map.of()).text()).isEqualTo(
                "Attempt 1 (shell, worker w1) timed out: stopped after 60 s\nFiles it reported changing:\n  out/a.txt\n");
    }

    @Test
    void budget_boundsTheWholeBrief_andSharesItAmongTheParts() throws Exception {
        AttemptRecord begun = start("claude");
        for (int i = 0; i < 30; i++) {
            write("src/f" + i + ".txt", "x\n");
        }
        Path dir = new StateDir(state).attempt("T1", 1).directory();
        finish(begun, "failure", "exit 1: boom", null);
        Files.write(dir.resolve("output.log"), IntStream.range(0, 500).mapToObj(i -> "line " + i).toList());
        Files.writeString(new StateDir(state).attempt("T1", 1).feedback(), "one\ntwo\n");

        String text = brief(2, new RetrySettings(12, false), "claude", Map.of()).text();
        List<String> lines = text.lines().toList();

        assertThat(lines).hasSize(12);
        assertThat(lines.get(0)).startsWith("Attempt 1 (claude, worker w1) failed");
        assertThat(text).as("the small part whole").contains("Feedback on it (last 2 lines of feedback.txt):\n  one\n  two\n");
        assertThat(text).as("the files cut with a count").contains("(30 files, +30 -0):").containsPattern("… and \\d+ more files");
        assertThat(text).as("the newest output kept").contains("  line 499\n").doesNotContain("line 400");

        assertThat(brief(2, new RetrySettings(0, false), "claude", Map.of()).text()).as("0 turns the brief off").isEmpty();
    }

    @Test
    void share_servesSmallPartsWholeAndSplitsTheRest() {
        assertThat(AttemptBrief.share(new int[]{3, 50, 40}, 20)).containsExactly(3, 9, 8);
        assertThat(AttemptBrief.share(new int[]{3, 4}, 20)).containsExactly(3, 4);
        assertThat(AttemptBrief.share(new int[]{10, 10}, 0)).containsExactly(0, 0);
    }

    @Test
    void longLinesAreClipped_andSecretsMasked() throws Exception {
        Path dir = Files.createDirectories(new StateDir(state).attempt("T1", 1).directory());
        Files.writeString(new StateDir(state).attempt("T1", 1).feedback(), "token s3cr3t-value leaked\n" + "y".repeat(1000) + "\n");
        String text = AttemptBrief.forAttempt(new StateDir(state), "T1", 2, "claude", work, RetrySettings.DEFAULTS, Map.of(),
                List.of("s3cr3t-value")).text();
        assertThat(text).contains("token *** leaked").doesNotContain("s3cr3t-value");
        assertThat(text.lines().mapToInt(String::length).max().orElse(0)).isLessThan(210);
    }

    @Test
    void resume_onlyTheSameBackendsSession_whenConfigured() throws Exception {
        finish(start("claude"), "failure", "exit 1", "8fc99cf0");
        RetrySettings on = new RetrySettings(40, true);
        assertThat(brief(2, on, "claude", Map.of()).resumeSession("claude", null)).isEqualTo("8fc99cf0");
        assertThat(brief(2, on, "codex", Map.of()).resumeSession("codex", null)).as("another backend cannot resume it").isNull();
        assertThat(brief(2, RetrySettings.DEFAULTS, "claude", Map.of()).resumeSession("claude", null)).as("off by default").isNull();
        assertThat(brief(2, RetrySettings.DEFAULTS, "claude", Map.of("resume", "true")).resumeSession("claude", null))
                .as("the backend's own setting wins").isEqualTo("8fc99cf0");
        assertThat(brief(2, on, "claude", Map.of("resume", "false")).resumeSession("claude", null)).isNull();
        assertThat(brief(2, new RetrySettings(0, true), "claude", Map.of()).resumeSession("claude", null))
                .as("resuming does not need the brief").isEqualTo("8fc99cf0");
    }

    @Test
    void records_roundTripBothTheStartAndTheEnd() throws Exception {
        AttemptRecord begun = start("claude");
        Path dir = new StateDir(state).attempt("T1", 1).directory();
        AttemptRecord read = AttemptRecord.readFrom(new StateDir.AttemptDir(dir)).orElseThrow();
        assertThat(read).isEqualTo(begun);
        assertThat(read.outcome()).isEqualTo(AttemptRecord.RUNNING);
        assertThat(read.branch()).isEqualTo("main");
        assertThat(read.base()).isEqualTo(git.getRepository().resolve("HEAD").name());
        AttemptRecord done = begun.finished(T0.plusSeconds(9), "failure", List.of("a"), "exit 1", "s1", begun.agent(), List.of());
        done.writeTo(new StateDir.AttemptDir(dir));
        assertThat(AttemptRecord.readFrom(new StateDir.AttemptDir(dir))).contains(done);
        assertThat(begun.overlaps(done)).isTrue();
    }

    private AttemptBrief brief(int attempt, RetrySettings retry, String agent, Map<String, String> agentSettings) {
        return AttemptBrief.forAttempt(new StateDir(state), "T1", attempt, agent, work, retry, agentSettings, List.of());
    }

    private AttemptRecord start(String agent) throws Exception {
        AttemptRecord begun;
        try (TaskWorkspace.Place place = new TaskWorkspace.Place(work, null, null)) {
            begun = AttemptRecord.started("T1", 1, "w1", agent, T0, work, GitPosition.of(place));
        }
        begun.writeTo(new StateDir(state).attempt("T1", 1));
        return begun;
    }

    private void finish(AttemptRecord begun, String outcome, String summary, String session) throws Exception {
        begun.finished(T0.plusSeconds(30), outcome, new ArrayList<>(), summary, session, begun.agent(), List.of())
                .writeTo(new StateDir(state).attempt("T1", 1));
    }

    private void write(String path, String text) throws Exception {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void commit(String message, String paths) throws Exception {
        git.add().addFilepattern(paths).call();
        PersonIdent who = new PersonIdent("Test", "test@example.com");
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }
}
