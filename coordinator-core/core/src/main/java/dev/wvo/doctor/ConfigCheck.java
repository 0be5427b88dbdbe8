package dev.wvo.doctor;

import dev.wvo.config.Config;
import dev.wvo.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code config.yaml}, read as a worker reads it: every section, every key. A mistake there stops
 * every worker at start, so it fails the check with the place and what to write instead.
 */
public final class ConfigCheck {

    static final String AREA = "state";

    private final Path file;

    public ConfigCheck(Path file) {
        this.file = file;
    }

    public Finding run() {
        if (!Files.exists(file)) {
            return Finding.ok(AREA, "config.yaml", "none at " + file + ": every setting has its default");
        }
        try {
            Config config = Config.read(file);
            return Finding.ok(AREA, "config.yaml", file + " reads" + config.lockBackend()
                    .map(b -> "; lock backend " + b).orElse(""));
        } catch (ConfigException e) {
            return Finding.fail(AREA, "config.yaml", e.getMessage(), "fix that line of " + file
                    + "; docs/state-format.md lists every setting");
        }
    }
}
