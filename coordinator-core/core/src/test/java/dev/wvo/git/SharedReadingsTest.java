package dev.wvo.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link SharedReadings}: one reading for the threads that ask while it runs, a new one after it. */
class SharedReadingsTest {

    private final SharedReadings<String, String> readings = new SharedReadings<>();
    private final AtomicInteger taken = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aThreadAskingWhileAReadingRuns_getsItsResult_andOneAskingAfter_takesANewOne() throws Exception {
        CompletableFuture<String> first = ask(() -> {
            started.countDown();
            awaitRelease();
            return "reading " + taken.incrementAndGet();
        });
        started.await();
        CompletableFuture<String> second = askWhileItRuns(() -> "reading " + taken.incrementAndGet());

        assertThat(first.get()).isEqualTo("reading 1");
        assertThat(second.get()).isEqualTo("reading 1");
        assertThat(readings.read("checkout", () -> "reading " + taken.incrementAndGet())).isEqualTo("reading 2");
    }

    @Test
    void aFailedReading_failsEveryThreadThatSharedIt_withItsOwnException_andTheNextIsTakenAnew() throws Exception {
        CompletableFuture<String> first = ask(() -> {
            started.countDown();
            awaitRelease();
            throw new IllegalStateException("Cannot read the status");
        });
        started.await();
        CompletableFuture<String> second = askWhileItRuns(() -> "never read");

        for (CompletableFuture<String> call : List.of(first, second)) {
            assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(IllegalStateException.class).hasMessage("Cannot read the status");
        }
        assertThat(readings.read("checkout", () -> "fine")).isEqualTo("fine");
    }

    @Test
    void aReadingThatThrowsAnError_failsTheThreadsThatSharedIt_insteadOfLeavingThemWaiting() throws Exception {
        CompletableFuture<String> first = ask(() -> {
            started.countDown();
            awaitRelease();
            throw new OutOfMemoryError("Java heap space");
        });
        started.await();
        CompletableFuture<String> second = askWhileItRuns(() -> "never read");

        for (CompletableFuture<String> call : List.of(first, second)) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        }
        assertThat(readings.read("checkout", () -> "fine")).isEqualTo("fine");
    }

    @Test
    void readingsOfDifferentKeys_areNotShared() throws Exception {
        CompletableFuture<String> first = ask(() -> {
            started.countDown();
            awaitRelease();
            return "of checkout";
        });
        started.await();
        assertThat(readings.read("another", () -> "of another")).isEqualTo("of another");
        release.countDown();
        assertThat(first.get()).isEqualTo("of checkout");
    }

    /** A reading of "checkout" on a thread of its own. */
    private CompletableFuture<String> ask(Supplier<String> reading) {
        return askOn(new AtomicReference<>(), reading);
    }

    /** Asks on a thread of its own, waits until that thread waits for the running reading, then lets that end. */
    private CompletableFuture<String> askWhileItRuns(Supplier<String> reading) {
        AtomicReference<Thread> asking = new AtomicReference<>();
        CompletableFuture<String> result = askOn(asking, reading);
        await().atMost(Duration.ofSeconds(10)).until(() -> asking.get().getState() == Thread.State.WAITING);
        release.countDown();
        return result;
    }

    private CompletableFuture<String> askOn(AtomicReference<Thread> thread, Supplier<String> reading) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(readings.read("checkout", reading));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        thread.set(t);
        t.start();
        return result;
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
