package dev.wvo.cli;

import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.lock.LockManager;
import dev.wvo.worker.Worker;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers of one {@code wvo worker} process: one, on the calling thread, as in a terminal of
 * its own; or several ({@code --workers N}), each a full {@link Worker} on a thread of its own with
 * its own id, record, locks, claims and worktree, sharing only the JVM, the plugins, the
 * configuration and the clock. They coordinate through {@code state/} alone, as separate processes
 * do, so that one JVM's start-up, class loading and compilation serve them all.
 *
 * <p>One shutdown hook serves all of them: Ctrl-C or SIGTERM asks every worker to stop, which
 * stops its agent and gives its task back, and waits for all. A hosted worker that ends (its
 * {@code --max-tasks}, idle, a stop request, a failure) leaves the others running; the process
 * ends when the last has, with the worst status.
 */
final class WorkerHost {

    /** How long a Ctrl-C waits for the tasks to be given back before the process ends anyway. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * A worker to run, ready but not started.
     *
     * @param id     its id, for its thread and its failures' lines
     * @param worker the worker
     * @param locks  its lock manager, closed once it ended
     */
    record Member(String id, Worker worker, LockManager locks) {
    }

    private final List<Member> members;
    private final PrintWriter out;
    private final PrintWriter err;
    private final AtomicInteger worst = new AtomicInteger(ExitCodes.OK);
    /** Opened by the shutdown hook: a hosted worker still waiting out its stagger does not start. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    WorkerHost(List<Member> members, PrintWriter out, PrintWriter err) {
        this.members = List.copyOf(members);
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the workers until every one has ended. One worker runs on this thread and its failure
     * is thrown, as a worker in a terminal of its own fails; several report each failure on a line
     * of its own and go on.
     *
     * @param stagger the wait between two hosted workers' starts
     * @return the worst status of the workers
     * @throws IllegalStateException if a lone worker fails (its id is taken, a backend is unknown)
     */
    int run(Duration stagger) {
        CountDownLatch finished = new CountDownLatch(members.size());
        Thread hook = new Thread(() -> {
            stopping.countDown();
            members.forEach(m -> m.worker().requestStop());
            try {
                finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
            // a signal is a request, not a failure: the status is that of the workers' own ends
            Runtime.getRuntime().halt(worst.get());
        }, "wvo-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (members.size() == 1) {
                runOne(members.get(0), finished);
            } else {
                runHosted(stagger, finished);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process once this returns
            }
        }
        return worst.get();
    }

    private void runOne(Member member, CountDownLatch finished) {
        try {
            member.worker().run();
        } finally {
            close(member);
            finished.countDown();
        }
    }

    private void runHosted(Duration stagger, CountDownLatch finished) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            Duration delay = stagger.multipliedBy(i);
            Thread thread = new Thread(() -> {
                try {
                    // stopped during its stagger, it never registers: there is nothing to give back
                    if (!stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                        member.worker().run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    worst.accumulateAndGet(ExitCodes.FAILURE, Math::max);
                    synchronized (err) {
                        // as a worker of its own process ends on it: the message, or what failed where there is none
                        err.println(WorkerLauncher.endedLine(member.id()) + (e.getMessage() != null ? e.getMessage() : e));
                        err.flush();
                    }
                } finally {
                    close(member);
                    finished.countDown();
                }
            }, "wvo-worker " + member.id());
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            joinUninterruptibly(thread);
        }
    }

    /** A worker's thread is waited for to its end: the shutdown hook, not an interrupt here, stops it. */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the lock manager's renewals once its worker released what it held (a ZooKeeper session ends). */
    private void close(Member member) {
        try {
            member.locks().close();
        } catch (RuntimeException e) {
            synchronized (err) {
                err.println("wvo: " + member.id() + ": could not close its lock manager: " + e.getMessage());
                err.flush();
            }
        }
    }
}
