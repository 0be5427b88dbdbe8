package dev.wvo.lock.zookeeper;

import dev.wvo.lock.ResourceNames;
import org.apache.curator.utils.ZKPaths;

/**
 * Where one resource lives in ZooKeeper, under the manager's root:
 * <pre>
 * {root}/{encoded}          the resource (a container node)
 * {root}/{encoded}/lock     Curator's read-write lock: one ephemeral sequential node per holder or waiter
 * {root}/{encoded}/token    the fencing counter, a persistent node that outlives every lock
 * </pre>
 * The encoded name is {@link ResourceNames#encode}: no slash, never {@code .} or {@code ..}, at
 * most 180 characters, so it is always a valid znode name.
 *
 * @param resource the resource name as given by the caller
 * @param encoded  its znode name
 * @param base     the resource's node
 */
record ResourceNodes(String resource, String encoded, String base) {

    static final String LOCK = "lock";
    static final String TOKEN = "token";

    static ResourceNodes of(String root, String resource) {
        String encoded = ResourceNames.encode(resource);
        return new ResourceNodes(resource, encoded, ZKPaths.makePath(root, encoded));
    }

    /** The base path of the resource's {@code InterProcessReadWriteLock}. */
    String lock() {
        return ZKPaths.makePath(base, LOCK);
    }

    /** The node of the resource's fencing counter. */
    String token() {
        return ZKPaths.makePath(base, TOKEN);
    }
}
