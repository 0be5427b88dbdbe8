package dev.wvo.conflict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The files one attempt produced or changed.
 *
 * @param attempt the attempt
 * @param files   its changed files, at most one per path
 */
public record AttemptArtifacts(AttemptId attempt, List<ChangedFile> files) {

    public AttemptArtifacts {
        Objects.requireNonNull(attempt, "attempt");
        files = List.copyOf(files);
        long distinct = files.stream().map(ChangedFile::path).distinct().count();
        if (distinct != files.size()) {
            throw new IllegalArgumentException("Attempt " + attempt + " lists a path more than once: "
                    + files.stream().map(ChangedFile::path).toList());
        }
    }

    /**
     * Every regular file under {@code directory}, by its path relative to it; bases unknown. This
     * reads an attempt's copy of its outputs such as {@code state/artifacts/<task>/<attempt>/}.
     */
    public static AttemptArtifacts fromDirectory(AttemptId attempt, Path directory) throws IOException {
        List<ChangedFile> files = new ArrayList<>();
        for (String path : pathsIn(directory)) {
            files.add(ChangedFile.read(path, directory.resolve(path)));
        }
        return new AttemptArtifacts(attempt, files);
    }

    /**
     * The paths {@link #fromDirectory} gives the files under {@code directory}, in its order,
     * without reading the files: what tells whether two attempts' copies can share a path.
     */
    public static List<String> pathsIn(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().map(f -> directory.relativize(f).toString()).toList();
        }
    }
}
