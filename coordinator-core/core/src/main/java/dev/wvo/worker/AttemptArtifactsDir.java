package dev.wvo.worker;

import dev.wvo.lock.ResourceNames;

import java.nio.file.Path;

/** Where an attempt keeps what it leaves behind: {@code state/artifacts/<task>/<attempt>/}. */
public final class AttemptArtifactsDir {

    private AttemptArtifactsDir() {
    }

    /** Task ids are encoded as lock names are, so that any id makes one safe directory name. */
    public static Path of(Path stateDir, String taskId, int attempt) {
        return stateDir.resolve("artifacts").resolve(ResourceNames.encode(taskId)).resolve(Integer.toString(attempt));
    }
}
