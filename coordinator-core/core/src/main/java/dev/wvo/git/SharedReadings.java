package dev.wvo.git;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Readings that threads asking for the same thing at the same time share: the first to ask takes
 * the reading, and one that asks while it runs waits for its result instead of taking another.
 * One that asks after it ended takes a new one, so no result outlives its reading. A shared result
 * is as fresh as the asker's own would be: the reading ran while the asker's call did, as a second
 * reading at that moment would have.
 *
 * @param <K> what is read (equal keys share a reading)
 * @param <V> the result
 */
final class SharedReadings<K, V> {

    private final ConcurrentMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    /**
     * The result of {@code reading} of {@code key}, taken now or by a thread that took it while this
     * call ran; a failed reading fails every call that shared it, with its own exception.
     */
    V read(K key, Supplier<V> reading) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            V result = reading.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            // an Error too: a thread waiting for this reading would otherwise wait for ever
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
