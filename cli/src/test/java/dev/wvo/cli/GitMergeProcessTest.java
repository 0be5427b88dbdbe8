package dev.wvo.cli;

import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merges with the {@code git} command itself, in real repositories, with wvo's merge drivers
 * configured as {@code wvo git setup} does.
 */
class GitMergeProcessTest {

    private static final String ROADMAP = "state/roadmap.yaml";
    private static final Path FILE = Path.of(ROADMAP);

    @TempDir
    Path dir;

    private GitRepo repo;
    private String base;
    private Roadmap baseRoadmap;

    @BeforeEach
    void startFromTheRealRoadmap() throws Exception {
        repo = GitRepo.create(dir);
        base = Files.readString(fixtures().resolve("roadmap-2025-11-19-8d8e17e8.yaml"));
        baseRoadmap = RoadmapReader.parse(FILE, base);
        repo.write(ROADMAP, base);
        repo.commitAll("base");
    }

    @Test
    void changesToDifferentTasksMergeCleanlyAndKeepEveryField() throws Exception {
        RoadmapTask nested = baseRoadmap.tasks().get(1);
        RoadmapTask topLevel = baseRoadmap.tasks().get(baseRoadmap.tasks().size() - 1);
        String ours = onBranch("ours", text -> edit(text, nested.id(), "status", "done"));
        onBranch("theirs", text -> edit(text, topLevel.id(), "title", "Renamed on theirs"));

        GitRepo.Run merge = mergeTheirsIntoOurs();

        assertThat(merge.exitCode()).as(merge.output()).isZero();
        String merged = repo.read(ROADMAP);
        assertThat(merged).isEqualTo(edit(ours, topLevel.id(), "title", "Renamed on theirs"));
        Roadmap result = RoadmapReader.parse(FILE, merged);
        assertThat(result.tasks()).hasSameSizeAs(baseRoadmap.tasks());
        for (RoadmapTask before : baseRoadmap.tasks()) {
            Map<String, Object> expected = new java.util.LinkedHashMap<>(before.fields());
            if (before.id().equals(nested.id())) {
                expected.put("status", "done");
            } else if (before.id().equals(topLevel.id())) {
                expected.put("title", "Renamed on theirs");
            }
            assertThat(result.task(before.id()).orElseThrow().fields()).isEqualTo(expected);
        }
    }

    @Test
    void differentFieldsOfOneTaskMerge() throws Exception {
        RoadmapTask task = baseRoadmap.tasks().get(2);
        onBranch("ours", text -> edit(text, task.id(), "title", "Renamed on ours"));
        onBranch("theirs", text -> edit(text, task.id(), "domain", "theirs-domain"));

        GitRepo.Run merge = mergeTheirsIntoOurs();

        assertThat(merge.exitCode()).as(merge.output()).isZero();
        RoadmapTask merged = RoadmapReader.parse(FILE, repo.read(ROADMAP)).task(task.id()).orElseThrow();
        assertThat(merged.title()).isEqualTo("Renamed on ours");
        assertThat(merged.domain()).isEqualTo("theirs-domain");
        assertThat(merged.fields().keySet()).containsExactlyElementsOf(task.fields().keySet());
    }

    @Test
    void theSameFieldOnBothSidesIsAReportedConflictInARoadmapThatStillLoads() throws Exception {
        RoadmapTask task = baseRoadmap.tasks().get(3);
        onBranch("ours", text -> edit(text, task.id(), "title", "Ours"));
        onBranch("theirs", text -> edit(text, task.id(), "title", "Theirs"));

        GitRepo.Run merge = mergeTheirsIntoOurs();

        assertThat(merge.exitCode()).isNotZero();
        assertThat(merge.output()).contains("task " + task.id() + ", field title", "wvo task resolve");
        String merged = repo.read(ROADMAP);
        assertThat(merged).doesNotContain("<<<<<<<", ">>>>>>>");
        Roadmap result = RoadmapReader.parse(FILE, merged);
        assertThat(result.tasks()).hasSameSizeAs(baseRoadmap.tasks());
        assertThat(RoadmapConflicts.list(result)).containsExactly(new RoadmapConflict(task.id(), "title", "Ours", "Theirs"));

        Cli.Result resolved = TaskResolveTest.resolve(dir.resolve("state"), task.id(), "--field", "title",
                "--take", "theirs");

        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        Roadmap settled = RoadmapReader.read(dir.resolve(ROADMAP));
        assertThat(settled.task(task.id()).orElseThrow().title()).isEqualTo("Theirs");
        assertThat(RoadmapConflicts.list(settled)).isEmpty();
    }

    @Test
    void contextUpdatesOfBothBranchesAreBothKept() throws Exception {
        String context = Files.readString(fixtures().resolve("context-202511191631-8d8e17e8.md"));
        repo.write("state/context.md", context);
        repo.commitAll("context");
        String heading = "## Latest Update\n";
        onBranch("ours", "state/context.md",
                text -> text.replace(heading, heading + "- 2025-11-20: ours finished the login page.\n"));
        onBranch("theirs", "state/context.md",
                text -> text.replace(heading, heading + "- 2025-11-21: theirs fixed the build.\n"));

        GitRepo.Run merge = mergeTheirsIntoOurs();

        assertThat(merge.exitCode()).as(merge.output()).isZero();
        String merged = repo.read("state/context.md");
        assertThat(merged).contains("- 2025-11-20: ours finished the login page.", "- 2025-11-21: theirs fixed the build.",
                "## Current Focus", "## Completed Work").doesNotContain("<<<<<<<");
    }

    @Test
    void eventsOfBothBranchesAreAllPresentOnceInTimeOrder() throws Exception {
        List<String> shared = List.of(event("10:00", "a"), event("10:01", "b"));
        repo.write("state/events.jsonl", String.join("\n", shared) + "\n");
        repo.commitAll("events");
        String oursNew = event("10:02", "c") + "\n" + event("10:05", "e") + "\n";
        String theirsNew = event("10:03", "d") + "\n" + event("10:04", "f") + "\n";
        onBranch("ours", "state/events.jsonl", text -> text + oursNew);
        onBranch("theirs", "state/events.jsonl", text -> text + theirsNew);

        GitRepo.Run merge = mergeTheirsIntoOurs();

        assertThat(merge.exitCode()).as(merge.output()).isZero();
        assertThat(repo.read("state/events.jsonl").lines()).containsExactly(event("10:00", "a"), event("10:01", "b"),
                event("10:02", "c"), event("10:03", "d"), event("10:04", "f"), event("10:05", "e"));
    }

    private static String event(String time, String task) {
        return "{\"time\":\"2026-11-22T" + time + ":00Z\",\"type\":\"task_claimed\",\"worker\":\"w\",\"task\":\"" + task + "\"}";
    }

    private String onBranch(String branch, UnaryOperator<String> change) throws Exception {
        return onBranch(branch, ROADMAP, change);
    }

    /** Makes a branch from main with one change to one file, committed; returns the changed text. */
    private String onBranch(String branch, String path, UnaryOperator<String> change) throws Exception {
        repo.git("checkout", "-q", "main");
        repo.git("checkout", "-q", "-B", branch);
        String changed = change.apply(repo.read(path));
        repo.write(path, changed);
        repo.commitAll(branch + " changes " + path);
        return changed;
    }

    private GitRepo.Run mergeTheirsIntoOurs() throws Exception {
        repo.git("checkout", "-q", "ours");
        return repo.tryGit("merge", "--no-edit", "theirs");
    }

    private static String edit(String text, String id, String key, Object value) {
        Roadmap roadmap = RoadmapReader.parse(FILE, text);
        return new RoadmapEditor(roadmap).set(roadmap.task(id).orElseThrow(), key, value).apply();
    }

    /** {@code shared/fixtures/weathervane} beside the repository, or {@code -Dwvo.fixtures=DIR}. */
    private static Path fixtures() {
        String configured = System.getProperty("wvo.fixtures");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/fixtures/weathervane");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/weathervane not found beside the repository; "
                + "pass -Dwvo.fixtures=DIR");
    }
}
