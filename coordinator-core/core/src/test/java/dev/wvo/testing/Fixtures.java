package dev.wvo.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared real-world fixtures are: {@code -Dwvo.fixtures=DIR} if given, else
 * {@code shared/fixtures/weathervane} beside the repository (how CI and developers have it).
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path weathervane() {
        String configured = System.getProperty("wvo.fixtures");
        if (configured != null) {
            return Path.of(configured);
        }
        // tests run in a module directory: coordinator-core/core -> repository -> its parent
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/weathervane");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/weathervane not found beside the repository; "
                + "pass -Dwvo.fixtures=DIR");
    }
}
