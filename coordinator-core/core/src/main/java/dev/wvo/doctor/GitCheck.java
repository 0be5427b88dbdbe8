package dev.wvo.doctor;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the state directory is kept in git, on which branch, and whether wvo's merge drivers
 * are set up, without which a git merge of two branches' roadmaps conflicts line by line.
 */
public final class GitCheck {

    static final String AREA = "git";
    static final String ROADMAP_DRIVER = "wvo-roadmap";

    private final Path stateDirectory;

    public GitCheck(Path stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public List<Finding> run() {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(stateDirectory.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return List.of(Finding.warn(AREA, "repository", stateDirectory.toAbsolutePath() + " is not inside a git repository",
                    "keep the project (and roadmap.yaml, context.md) in git so that work can be reviewed and undone"));
        }
        List<Finding> findings = new ArrayList<>();
        try (Repository repository = builder.setMustExist(true).build()) {
            findings.add(Finding.ok(AREA, "repository", "in " + repository.getDirectory() + ", branch " + repository.getBranch()));
            findings.add(driverConfigured(repository));
            if (!repository.isBare()) {
                findings.add(attributes(repository.getWorkTree().toPath()));
            }
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.warn(AREA, "repository", "cannot open " + builder.getGitDir() + ": " + e.getMessage(),
                    "check it with git status"));
        }
        return findings;
    }

    private static Finding driverConfigured(Repository repository) {
        String driver = repository.getConfig().getString("merge", ROADMAP_DRIVER, "driver");
        return driver == null
                ? Finding.warn(AREA, "merge driver", "merge." + ROADMAP_DRIVER + ".driver is not configured",
                "wvo git setup (registers wvo's merge drivers in .git/config)")
                : Finding.ok(AREA, "merge driver", "merge." + ROADMAP_DRIVER + ".driver = " + driver);
    }

    private Finding attributes(Path workTree) {
        List<Path> candidates = List.of(workTree.resolve(".gitattributes"), stateDirectory.toAbsolutePath().resolve(".gitattributes"));
        for (Path file : candidates) {
            try {
                if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).contains("merge=" + ROADMAP_DRIVER)) {
                    return Finding.ok(AREA, ".gitattributes", file + " routes the roadmap to merge=" + ROADMAP_DRIVER);
                }
            } catch (IOException e) {
                return Finding.warn(AREA, ".gitattributes", "cannot read " + file + ": " + e.getMessage(), "check its permissions");
            }
        }
        return Finding.warn(AREA, ".gitattributes", "no .gitattributes entry names merge=" + ROADMAP_DRIVER,
                "wvo git setup (adds the entries for roadmap.yaml, context.md and events.jsonl)");
    }
}
