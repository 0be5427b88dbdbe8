package dev.wvo.plugins.agentcodex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Codex's configuration directory ({@code CODEX_HOME}, else {@code ~/.codex}) as wvo needs to
 * know it: codex 0.17x reads a profile from its own file, {@code $CODEX_HOME/NAME.config.toml},
 * refuses to start while {@code config.toml} still holds a legacy {@code [profiles.NAME]} table,
 * and silently runs without the profile when its file is missing; so wvo checks the profile
 * before starting codex, and reads which model it selects for the cost records.
 */
final class CodexHome {

    private static final Pattern MODEL = Pattern.compile("^\\s*model\\s*=\\s*\"([^\"]+)\"");
    /** A profile names a file in CODEX_HOME, so it is one plain name: never a path that climbs out of it. */
    private static final Pattern PLAIN_PROFILE = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path directory;

    private CodexHome(Path directory) {
        this.directory = directory;
    }

    /** The home codex will use: the backend's {@code home} setting, else {@code CODEX_HOME}, else {@code ~/.codex}. */
    static CodexHome of(String homeSetting, Map<String, String> environment) {
        String configured = homeSetting != null ? homeSetting
                : environment.getOrDefault("CODEX_HOME", System.getenv("CODEX_HOME"));
        return new CodexHome(configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".codex"));
    }

    Path directory() {
        return directory;
    }

    /** Why codex cannot run with this profile, saying what to do; empty when it can (or no profile is set). */
    Optional<String> profileProblem(String profile) {
        if (profile == null || profile.isBlank()) {
            return Optional.empty();
        }
        if (!PLAIN_PROFILE.matcher(profile).matches()) {
            return Optional.of("codex profile `" + profile + "` cannot be used: codex reads it from NAME.config.toml in "
                    + directory + ", so it must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter "
                    + "or digit, without '..': fix config_profile");
        }
        Path file = directory.resolve(profile + ".config.toml");
        if (lines(directory.resolve("config.toml")).stream().anyMatch(l -> l.strip().equals("[profiles." + profile + "]"))) {
            return Optional.of("codex profile `" + profile + "` is a [profiles." + profile + "] table in "
                    + directory.resolve("config.toml") + ", which codex 0.17 and later refuse: move its settings into "
                    + file + " and remove the table");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("codex profile `" + profile + "` has no file " + file + " (codex 0.17 and later read "
                    + "a profile from NAME.config.toml in CODEX_HOME, and would silently run without it): create it, "
                    + "or fix config_profile");
        }
        return Optional.empty();
    }

    /** The model codex will use: the profile's, else config.toml's top-level {@code model}; empty when neither says. */
    Optional<String> model(String profile) {
        if (profile != null && !profile.isBlank()) {
            Optional<String> fromProfile = modelIn(directory.resolve(profile + ".config.toml"));
            if (fromProfile.isPresent()) {
                return fromProfile;
            }
        }
        return modelIn(directory.resolve("config.toml"));
    }

    /** Whether codex would find a login here ({@code auth.json}). */
    boolean hasLogin() {
        return Files.isRegularFile(directory.resolve("auth.json"));
    }

    private static Optional<String> modelIn(Path file) {
        for (String line : lines(file)) {
            if (line.strip().startsWith("[")) {
                break; // only the top-level key selects the model
            }
            Matcher m = MODEL.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
