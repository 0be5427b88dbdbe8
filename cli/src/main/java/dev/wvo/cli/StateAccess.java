package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapCache;
import dev.wvo.roadmap.RoadmapStore;

import java.nio.file.Files;
import java.time.Clock;

/**
 * An existing state directory opened by a command: its layout, a lock manager on its
 * {@code locks/} that leaves locks to their leases at exit, and its roadmap.
 */
final class StateAccess implements AutoCloseable {

    private final StateDir dir;
    private final LockManager locks;
    private final RoadmapStore store;

    private StateAccess(StateDir dir, LockManager locks) {
        this.dir = dir;
        this.locks = locks;
        this.store = new RoadmapStore(dir, locks);
    }

    /**
     * Opens the state directory the global options name.
     *
     * @throws CommandFailure if it has no roadmap yet
     */
    static StateAccess open(WvoCommand global, String owner, Clock clock) {
        StateDir dir = requireInitialised(global);
        LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner(owner).clock(clock));
        return new StateAccess(dir, locks);
    }

    /** The state directory, if it has a roadmap. */
    static StateDir requireInitialised(WvoCommand global) {
        StateDir dir = new StateDir(global.stateDirectory());
        if (Files.exists(dir.roadmap()) && !Files.isRegularFile(dir.roadmap())) {
            throw new CommandFailure(ExitCodes.FAILURE, dir.roadmap() + " is " + (Files.isDirectory(dir.roadmap())
                    ? "a directory" : "a pipe or device") + ", not a roadmap; move it away and put the roadmap there "
                    + "(or restore it from " + dir.roadmap().getFileName() + ".bak or from git)");
        }
        if (!Files.isRegularFile(dir.roadmap())) {
            throw new CommandFailure(ExitCodes.FAILURE, "no roadmap at " + dir.roadmap()
                    + "; run `wvo init` there first, or point --state (or $" + WvoCommand.STATE_ENV + ") at your state directory");
        }
        return dir;
    }

    /**
     * Reads the roadmap for a command that only reads it, through the state's parsed-roadmap cache
     * (a large roadmap is not parsed again while it is unchanged); a file that does not load is a
     * failure naming file:line:column.
     */
    static Roadmap readRoadmap(StateDir dir) {
        return readRoadmap(() -> new RoadmapCache(dir.roadmap(), dir.roadmapCache()).read());
    }

    /**
     * As {@link #readRoadmap(StateDir)}, with every task's judgement kept in the cache beside the
     * roadmap ({@link RoadmapCache#readJudged()}): for the commands that show it of every task.
     */
    static Roadmap readJudgedRoadmap(StateDir dir) {
        return readRoadmap(() -> new RoadmapCache(dir.roadmap(), dir.roadmapCache()).readJudged());
    }

    /** Reads the roadmap through {@code store}, which keeps it: its first transaction parses nothing again. */
    static Roadmap readRoadmap(RoadmapStore store) {
        return readRoadmap(store::read);
    }

    private static Roadmap readRoadmap(java.util.function.Supplier<Roadmap> read) {
        try {
            return read.get();
        } catch (RoadmapException e) {
            throw unusable(e);
        }
    }

    /** The command's failure for a roadmap it cannot use: where, what is wrong, and what to do, said once. */
    static CommandFailure unusable(RoadmapException e) {
        return new CommandFailure(ExitCodes.FAILURE,
                e.getMessage() + (e.saysWhatToDo() ? "" : "; fix the file and run the command again"), e);
    }

    StateDir dir() {
        return dir;
    }

    LockManager locks() {
        return locks;
    }

    RoadmapStore store() {
        return store;
    }

    Roadmap roadmap() {
        return readRoadmap(dir);
    }

    @Override
    public void close() {
        locks.close();
    }
}
