package dev.wvo.schedule;

import java.util.Arrays;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Distinct sort keys handed out smallest first, each as what it stands for, ordered only as far as
 * they are read. Taken one at a time ({@link #tryAdvance}) they come from a binary min-heap, made
 * on the first take in linear time: the first few of n cost n + a few log n steps instead of a
 * sort. Read whole before any was taken ({@link #forEachRemaining}: a stream's {@code toList()} or
 * {@code forEach}) they are sorted, which is cheaper than popping a heap empty.
 */
final class SortKeys<T> implements Spliterator<T> {

    private final long[] keys;
    private final LongFunction<T> valueOf;
    /** The keys not handed out yet: {@code keys[0, left)}. */
    private int left;
    /** Whether {@code keys[0, left)} is a heap, which it is from the first take on. */
    private boolean heap;

    /** @param keys distinct keys, which this spliterator rearranges as it reads them */
    SortKeys(long[] keys, LongFunction<T> valueOf) {
        this.keys = keys;
        this.valueOf = valueOf;
        this.left = keys.length;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        if (!heap) {
            for (int i = left / 2 - 1; i >= 0; i--) {
                siftDown(i, keys[i]);
            }
            heap = true;
        }
        if (left == 0) {
            return false;
        }
        long smallest = keys[0];
        left--;
        if (left > 0) {
            siftDown(0, keys[left]);
        }
        action.accept(valueOf.apply(smallest));
        return true;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        if (heap) {
            while (tryAdvance(action)) {
                // each take hands one out
            }
            return;
        }
        int count = left;
        left = 0;
        Arrays.sort(keys, 0, count);
        for (int i = 0; i < count; i++) {
            action.accept(valueOf.apply(keys[i]));
        }
    }

    /** Puts {@code key} at {@code at} or below it, where it is no larger than its children. */
    private void siftDown(int at, long key) {
        int i = at;
        while (true) {
            int child = 2 * i + 1;
            if (child >= left) {
                break;
            }
            if (child + 1 < left && keys[child + 1] < keys[child]) {
                child++;
            }
            if (keys[child] >= key) {
                break;
            }
            keys[i] = keys[child];
            i = child;
        }
        keys[i] = key;
    }

    @Override
    public Spliterator<T> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return left;
    }

    @Override
    public int characteristics() {
        return ORDERED | SIZED | NONNULL;
    }
}
