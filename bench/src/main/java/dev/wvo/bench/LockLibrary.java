package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.zookeeper.ZooKeeperLockManager;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.providers.FileLockNamedLockFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One exclusive lock on one named resource, as each compared library takes it: wvo's file and
 * ZooKeeper backends, maven-resolver's file-lock named locks, and Curator's
 * {@link InterProcessMutex}. Each opened lock is one participant (its own manager, factory or
 * ZooKeeper session), as two processes would be.
 */
interface LockLibrary extends AutoCloseable {

    /** The names {@link #open} takes, in the order the results are reported. */
    String[] NAMES = {"wvo-file", "maven-resolver-file", "curator-zookeeper", "wvo-zookeeper"};

    Duration WAIT = Duration.ofSeconds(60);

    /** Takes the lock, waiting as long as it takes (up to a minute). */
    void acquire() throws Exception;

    void release() throws Exception;

    @Override
    void close() throws Exception;

    /**
     * @param name      one of {@link #NAMES}
     * @param dir       where file locks live (the same for every participant)
     * @param zookeeper the ZooKeeper connect string (for the ZooKeeper libraries)
     * @param resource  the resource's name
     * @param owner     this participant's name
     */
    static LockLibrary open(String name, Path dir, String zookeeper, String resource, String owner) {
        return switch (name) {
            case "wvo-file" -> new Wvo(FileLockManager.builder(dir.resolve("wvo-locks")).owner(owner)
                    .listener(new QuietLockListener()).releaseOnShutdown(false).build(), resource);
            case "wvo-zookeeper" -> new Wvo(ZooKeeperLockManager.builder(zookeeper).owner(owner)
                    .connectionTimeout(Duration.ofSeconds(10)).build(), resource);
            case "maven-resolver-file" -> new MavenResolver(dir.resolve("maven-locks").resolve(resource + ".lock"));
            case "curator-zookeeper" -> new Curator(zookeeper, "/bench-locks/" + resource);
            default -> throw new IllegalArgumentException("unknown lock library " + name + "; one of "
                    + String.join(", ", NAMES));
        };
    }

    /** wvo's {@link LockManager}, either backend. */
    final class Wvo implements LockLibrary {
        private final LockManager manager;
        private final String resource;
        private LockHandle held;

        Wvo(LockManager manager, String resource) {
            this.manager = manager;
            this.resource = resource;
        }

        @Override
        public void acquire() throws Exception {
            held = manager.acquire(resource, LockMode.EXCLUSIVE, WAIT);
        }

        @Override
        public void release() {
            held.release();
            held = null;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * maven-resolver's {@code FileLockNamedLockFactory}: a {@code FileChannel} lock on a lock file
     * it keeps open, behind an in-JVM lock; a taken lock is retried every 100 ms.
     *
     * <p>Its lock files are kept ({@code aether.named.file-lock.deleteLockFiles=false}). By default on
     * Linux it opens them with {@code DELETE_ON_CLOSE}, which the JDK carries out by unlinking the file
     * right after opening it: a second process then opens a new file of the same name and takes its
     * lock while the first still holds its own, so two processes hold the "exclusive" lock at once
     * (seen here: the hand-off's check fails at once with the default).
     */
    final class MavenResolver implements LockLibrary {
        private final FileLockNamedLockFactory factory;
        private final NamedLock lock;

        MavenResolver(Path file) {
            // read once, when the factory class is initialized
            System.setProperty(FileLockNamedLockFactory.SYSTEM_PROP_DELETE_LOCK_FILES, "false");
            this.factory = new FileLockNamedLockFactory();
            this.lock = factory.getLock(NamedLockKey.of(file.toUri().toString()));
        }

        @Override
        public void acquire() throws Exception {
            if (!lock.lockExclusively(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("maven-resolver lock not acquired within " + WAIT);
            }
        }

        @Override
        public void release() {
            lock.unlock();
        }

        @Override
        public void close() {
            lock.close();
            factory.shutdown();
        }
    }

    /** Curator's re-entrant mutex: a sequential ephemeral node, and a watch on the one before it. */
    final class Curator implements LockLibrary {
        private final CuratorFramework client;
        private final InterProcessMutex mutex;

        Curator(String connectString, String path) {
            this.client = CuratorFrameworkFactory.newClient(connectString, new ExponentialBackoffRetry(100, 3));
            client.start();
            this.mutex = new InterProcessMutex(client, path);
        }

        @Override
        public void acquire() throws Exception {
            if (!mutex.acquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Curator mutex not acquired within " + WAIT);
            }
        }

        @Override
        public void release() throws Exception {
            mutex.release();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
