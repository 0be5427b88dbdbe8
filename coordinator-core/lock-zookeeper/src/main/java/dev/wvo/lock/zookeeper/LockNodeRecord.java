package dev.wvo.lock.zookeeper;

import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ProcessRef;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * What a lock node says about its holder (or waiter): the data of the ephemeral node that
 * Curator's lock recipe creates for each request. It is written when the node is created and
 * rewritten once, with the token and the acquisition time, when the lock is taken.
 *
 * <p>The format is {@code java.util.Properties} text ({@code owner=worker1}, one key per line):
 * readable with {@code zkCli.sh get}, and read and written by the JDK alone, so this module needs
 * no JSON library of its own.
 *
 * @param resource       the resource name as given by the caller (encoded names can be digests)
 * @param owner          the owner id of the requesting manager
 * @param mode           the requested mode
 * @param process        the requesting process
 * @param requestedAt    when the request was made
 * @param acquiredAt     when the lock was taken, or null while the request waits
 * @param token          the fencing token, or 0 while the request waits
 * @param sessionTimeout the negotiated timeout of the holder's ZooKeeper session: how long the node
 *                       can outlive its holder's process
 */
record LockNodeRecord(String resource, String owner, LockMode mode, ProcessRef process, Instant requestedAt,
                      Instant acquiredAt, long token, Duration sessionTimeout) {

    private static final String UNKNOWN = "unknown";

    static LockNodeRecord requested(String resource, String owner, LockMode mode, ProcessRef process, Instant now,
                                    Duration sessionTimeout) {
        return new LockNodeRecord(resource, owner, mode, process, now, null, 0, sessionTimeout);
    }

    LockNodeRecord acquired(long newToken, Instant at) {
        return new LockNodeRecord(resource, owner, mode, process, requestedAt, at, newToken, sessionTimeout);
    }

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("resource", resource);
        p.setProperty("owner", owner);
        p.setProperty("mode", mode.label());
        p.setProperty("host", process.host().hostName());
        p.setProperty("boot_id", process.host().bootId());
        p.setProperty("pid", Long.toString(process.pid()));
        if (process.startedAt() != null) {
            p.setProperty("process_started_at", process.startedAt().toString());
        }
        p.setProperty("requested_at", requestedAt.toString());
        if (acquiredAt != null) {
            p.setProperty("acquired_at", acquiredAt.toString());
            p.setProperty("token", Long.toString(token));
        }
        p.setProperty("session_timeout_ms", Long.toString(sessionTimeout.toMillis()));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // store() always begins with a comment line holding the current date, which tells nothing
        String text = out.toString();
        return text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a node's data. Fields that are missing or unreadable (a node written by another
     * program, or by a later version) read as {@code unknown}, -1 or 0, so that inspection still
     * shows the node.
     *
     * @param fallbackResource the resource name to use if the data does not name one
     * @param fallbackMode     the mode to use if the data does not say
     */
    static LockNodeRecord parse(byte[] data, String fallbackResource, LockMode fallbackMode) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(data == null ? "" : new String(data, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            p.clear();
        }
        HostIdentity host = new HostIdentity(p.getProperty("host", UNKNOWN), p.getProperty("boot_id", UNKNOWN));
        ProcessRef process = new ProcessRef(host, number(p, "pid", -1), instant(p, "process_started_at"));
        LockMode mode;
        try {
            mode = LockMode.fromLabel(p.getProperty("mode", fallbackMode.label()));
        } catch (IllegalArgumentException e) {
            mode = fallbackMode;
        }
        Instant requested = instant(p, "requested_at");
        return new LockNodeRecord(p.getProperty("resource", fallbackResource), p.getProperty("owner", UNKNOWN), mode,
                process, requested != null ? requested : Instant.EPOCH, instant(p, "acquired_at"),
                number(p, "token", 0), Duration.ofMillis(number(p, "session_timeout_ms", 0)));
    }

    private static long number(Properties p, String key, long fallback) {
        try {
            return Long.parseLong(p.getProperty(key, Long.toString(fallback)).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Instant instant(Properties p, String key) {
        String value = p.getProperty(key);
        try {
            return value == null ? null : Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
