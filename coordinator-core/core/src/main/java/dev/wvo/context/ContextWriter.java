package dev.wvo.context;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Replaces the context file with new content. Production wiring passes the state directory's
 * atomic-write routine, so that readers never see a half-written file.
 */
@FunctionalInterface
public interface ContextWriter {

    void write(Path file, String content) throws IOException;
}
