package dev.wvo.worker;

import dev.wvo.conflict.ArtifactConflict;
import dev.wvo.conflict.AttemptArtifacts;
import dev.wvo.conflict.AttemptId;
import dev.wvo.conflict.BaseLookup;
import dev.wvo.conflict.ConflictDetector;
import dev.wvo.conflict.GitBaseLookup;
import dev.wvo.fs.StateDir;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After an attempt: keeps copies of the files it changed in its artifacts, then compares it
 * with every other successful attempt whose time overlapped it, and returns the conflicts that
 * involve it. Bases come from the working directory's git {@code HEAD} when there is one.
 */
final class AttemptConflicts {

    private AttemptConflicts() {
    }

    /** Copies the changed files (paths relative to the working directory) into {@code <artifacts>/files/}. */
    static List<String> keepChangedFiles(Path workingDirectory, StateDir.AttemptDir artifacts, List<String> changed) throws IOException {
        List<String> kept = new ArrayList<>();
        Path root = workingDirectory.toAbsolutePath().normalize();
        for (String name : changed) {
            Path source = root.resolve(name).normalize();
            if (!source.startsWith(root) || !Files.isRegularFile(source)) {
                continue; // outside the working directory, or deleted: nothing to keep
            }
            String relative = root.relativize(source).toString();
            Path copy = artifacts.keptFiles().resolve(relative);
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            kept.add(relative);
        }
        return kept;
    }

    /**
     * The conflicts of {@code mine} with the successful attempts that overlapped it in time. Only a
     * path that this attempt and another both kept can be a conflict that involves this one, so the
     * other attempts' copies are read, and the repository opened for bases, only for attempts that
     * share a path with it. Workers on separate files (tasks that own theirs) are then compared by
     * the names of their copies alone, where each successful attempt read every overlapping
     * attempt's copies and opened the repository for bases that no conflict needed.
     */
    static List<ArtifactConflict> involving(StateDir state, Path workingDirectory, AttemptRecord mine) throws IOException {
        if (mine.changedFiles().isEmpty()) {
            return List.of();
        }
        AttemptId me = new AttemptId(mine.task(), mine.attempt());
        // in the order found, which is the order the detector compares versions in
        Map<AttemptId, Path> overlapping = new LinkedHashMap<>();
        // an attempt that overlaps this one ended after this one started
        for (AttemptRecord.Located other : AttemptRecord.endedSince(state, mine.startedAt())) {
            AttemptRecord r = other.record();
            boolean isMine = r.task().equals(mine.task()) && r.attempt() == mine.attempt();
            if (isMine || ("success".equals(r.outcome()) && !r.task().equals(mine.task()) && r.overlaps(mine)
                    && !r.changedFiles().isEmpty())) {
                Path files = other.directory().keptFiles();
                if (Files.isDirectory(files)) {
                    overlapping.put(new AttemptId(r.task(), r.attempt()), files);
                }
            }
        }
        if (!overlapping.containsKey(me) || overlapping.size() < 2) {
            return List.of();
        }
        Set<String> myPaths = Set.copyOf(AttemptArtifacts.pathsIn(overlapping.get(me)));
        List<AttemptArtifacts> compared = new ArrayList<>();
        for (Map.Entry<AttemptId, Path> attempt : overlapping.entrySet()) {
            if (attempt.getKey().equals(me) || !Collections.disjoint(myPaths, AttemptArtifacts.pathsIn(attempt.getValue()))) {
                compared.add(AttemptArtifacts.fromDirectory(attempt.getKey(), attempt.getValue()));
            }
        }
        if (compared.size() < 2) {
            return List.of();
        }
        try (Repository repo = openRepository(workingDirectory)) {
            BaseLookup bases = BaseLookup.NONE;
            if (repo != null && repo.resolve("HEAD") != null) {
                bases = GitBaseLookup.at(repo, "HEAD");
            }
            return new ConflictDetector(bases).detect(compared).stream().filter(c -> c.attempts().contains(me)).toList();
        }
    }

    private static Repository openRepository(Path dir) {
        try {
            FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
            return builder.getGitDir() == null ? null : builder.build();
        } catch (IOException e) {
            return null;
        }
    }
}
