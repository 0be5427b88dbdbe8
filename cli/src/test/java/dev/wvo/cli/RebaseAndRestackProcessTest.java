package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.wvo.cli.MergeQueueFixture.assertExited;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge queue rebases instead of sending work back: a branch the target moved away from is
 * replayed onto it and lands after the test command passed on the replayed tree, with no second
 * agent run; a stack of three branches is restacked, bottom-up, after the bottom one changed.
 */
@Tag("process")
class RebaseAndRestackProcessTest {

    @TempDir
    Path dir;

    @Test
    void twoBranchesTouchingNeighbouringLines_landThroughARebase_withoutAnotherAgentRun() throws Exception {
        MergeQueueFixture f = new MergeQueueFixture(dir);
        f.repo.write("lines.txt", "one\ntwo\nthree\nfour\nfive\n");
        f.repo.commitAll("init");
        Path tests = dir.resolve("tests.log");
        // the test command notes how many of the two changes the tree it runs on holds
        f.config("""
                worktree:
                  test_command: "grep -c ' by ' lines.txt >> '%s'"
                """.formatted(tests));
        // both branches start from the same main before either lands
        for (String[] t : List.of(new String[] {"a", "b", "two"}, new String[] {"b", "a", "four"})) {
            Path mine = dir.resolve(t[0] + ".ran");
            Path other = dir.resolve(t[1] + ".ran");
            f.addTask(t[0], "sed -i 's/^" + t[2] + "$/" + t[2] + " by " + t[0] + "/' lines.txt && touch '" + mine
                    + "' && while [ ! -f '" + other + "' ]; do sleep 0.05; done", "--owns", "lines.txt");
        }

        CliProcess w1 = f.worker("w1");
        CliProcess w2 = f.worker("w2");
        assertExited(w1, w2);

        assertThat(f.runs()).as("each task ran once: the rebase needed no agent").containsExactlyInAnyOrder("a", "b");
        assertThat(f.repo.git("show", "main:lines.txt")).isEqualTo("one\ntwo by a\nthree\nfour by b\nfive\n");
        assertThat(f.repo.git("rev-list", "--merges", "main")).as("linear history").isBlank();
        assertThat(f.events("merge")).as(w1.stdout() + w2.stdout() + w1.stderr() + w2.stderr()).extracting(e -> e.path("details").path("kind")
                .asText()).containsExactly("fast_forward", "rebased");
        assertThat(Files.readAllLines(tests)).as("the test ran again on the rebased tree").containsExactly("1", "2");
        for (String t : List.of("a", "b")) {
            assertThat(f.task(t).toString()).contains("\"merge\":\"merged\"");
            assertThat(f.task(t).path("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aStackOfThree_isRestackedInOrder_afterTheBottomBranchChanges() throws Exception {
        MergeQueueFixture f = new MergeQueueFixture(dir);
        f.repo.write("README.md", "hello\n");
        f.repo.commitAll("init");
        f.addTask("a", "echo a > a.txt");
        f.addTask("b", "cat a.txt > b.txt && echo b >> b.txt", "--depends-on", "a");
        f.addTask("c", "cat b.txt > c.txt && echo c >> c.txt", "--depends-on", "b");
        // the user's work in progress holds the queue: b starts on a's branch, c on b's
        f.repo.write("notes.txt", "the user's work in progress\n");

        CliProcess w1 = f.worker("w1");
        assertExited(w1);
        String said = w1.stdout();
        assertThat(said).as("said before the first agent runs").contains("w1: main is checked out in " + f.repo.dir
                + " with uncommitted changes [notes.txt]: tasks run, but no branch lands on main until you commit or "
                + "stash them");
        assertThat(said.indexOf("main is checked out in")).isLessThan(said.indexOf("a attempt 1"));
        assertThat(f.runs()).containsExactly("a", "b", "c");
        assertThat(f.events("merge")).isEmpty();

        // the user commits: main moves on, so the bottom branch lands rebased and the two above must follow it
        f.repo.commitAll("the user's notes");
        assertExited(f.worker("w2"));

        assertThat(f.runs()).as("no agent ran again").containsExactly("a", "b", "c");
        List<JsonNode> restacks = f.events("restack");
        assertThat(restacks).extracting(e -> e.path("task").asText()).containsExactly("b", "c");
        assertThat(f.events("merge")).extracting(e -> e.path("task").asText() + " " + e.path("details").path("kind")
                .asText()).containsExactly("a rebased", "b fast_forward", "c fast_forward");
        assertThat(f.repo.git("log", "--format=%s", "main")).as("linear, in stack order").startsWith(
                "wvo: c attempt 1 by w1\nwvo: b attempt 1 by w1\nwvo: a attempt 1 by w1\nthe user's notes\n");
        assertThat(f.repo.git("rev-list", "--merges", "main")).isBlank();
        assertThat(f.repo.git("show", "main:c.txt")).isEqualTo("a\nb\nc\n");
        assertThat(f.repo.git("branch", "--list", "wvo/*")).as("landed branches are deleted").isBlank();
    }
}
