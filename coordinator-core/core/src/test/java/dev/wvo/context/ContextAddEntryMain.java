package dev.wvo.context;

import dev.wvo.lock.FileLockManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A separate JVM that adds entries to a shared context file: {@code <state dir> <agent> <count>}. */
public final class ContextAddEntryMain {

    private ContextAddEntryMain() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String agent = args[1];
        int count = Integer.parseInt(args[2]);
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner(agent).build()) {
            ContextStore store = new ContextStore(state.resolve("context.md"), locks,
                    new ContextMerger(ContextMergeConfig.defaults().withMaxEntries(1000)), Duration.ofMinutes(2));
            for (int i = 0; i < count; i++) {
                store.addEntry(ContextStore.DEFAULT_LOG_SECTION, agent + " entry " + i, Clock.systemUTC());
            }
        }
    }
}
