package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockMode;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The nodes of one resource's {@link InterProcessReadWriteLock}, in the recipe's order, each
 * marked as holding or waiting by the recipe's own rules. Inspection and break use it to tell
 * holders from waiters without asking the processes.
 *
 * <p>Curator names a write request {@code ...__WRIT__<sequence>} and a read request
 * {@code ...__READ__<sequence>} and orders them by sequence. A write request holds when it is first
 * (the recipe's write lock is a mutex over all nodes); a read request holds when no write request
 * is before it. So a read request never overtakes a write request that queued before it: a waiting
 * exclusive request is not starved by a stream of shared ones.
 *
 * @param entries the lock's nodes, first in line first
 */
record LockQueue(List<Entry> entries) {

    // The recipe's node-name markers (private constants of InterProcessReadWriteLock, the same
    // since Curator 2); inspection must classify nodes exactly as the recipe does.
    static final String WRITE_MARK = "__WRIT__";
    static final String READ_MARK = "__READ__";

    /**
     * One request of the lock.
     *
     * @param name  the node name (under the lock's base path)
     * @param mode  {@code EXCLUSIVE} for the recipe's write lock, {@code SHARED} for its read lock
     * @param holds whether the request holds the lock now
     */
    record Entry(String name, LockMode mode, boolean holds) {
    }

    LockQueue {
        entries = List.copyOf(entries);
    }

    /** Orders and classifies the children of a lock's base path; other nodes are ignored. */
    static LockQueue of(List<String> children) {
        List<String> requests = children.stream()
                .filter(n -> n.contains(WRITE_MARK) || n.contains(READ_MARK))
                .sorted(Comparator.comparing(LockQueue::sequence))
                .toList();
        List<Entry> entries = new ArrayList<>(requests.size());
        boolean writerAhead = false;
        for (int i = 0; i < requests.size(); i++) {
            String name = requests.get(i);
            if (name.contains(WRITE_MARK)) {
                entries.add(new Entry(name, LockMode.EXCLUSIVE, i == 0));
                writerAhead = true;
            } else {
                entries.add(new Entry(name, LockMode.SHARED, !writerAhead));
            }
        }
        return new LockQueue(entries);
    }

    /** The sequence part of a node name, as the recipe sorts it. */
    private static String sequence(String name) {
        return StandardLockInternalsDriver.standardFixForSorting(
                StandardLockInternalsDriver.standardFixForSorting(name, READ_MARK), WRITE_MARK);
    }

    List<Entry> holders() {
        return entries.stream().filter(Entry::holds).toList();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
