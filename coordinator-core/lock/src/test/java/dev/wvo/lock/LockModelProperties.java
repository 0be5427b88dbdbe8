package dev.wvo.lock;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random interleavings of acquire, release, holder crash, lease expiry, renewal, concurrent
 * reclaims and late releases by lost holders, on simulated processes sharing one lock directory
 * and a controllable clock, checked after every step against a simple model:
 * <ul>
 *   <li>the implementation grants a lock exactly when the model says it is free;</li>
 *   <li>at most one exclusive holder counts at a time, never together with shared ones;</li>
 *   <li>tokens strictly increase per resource;</li>
 *   <li>no live holder (live process, unexpired lease) ever loses its entry;</li>
 *   <li>a lost holder's release never removes another's entry: the lock files hold exactly the
 *       entries the model holds.</li>
 * </ul>
 */
class LockModelProperties {

    static final List<String> RESOURCES = List.of("r0", "r1");
    static final int PROCESSES = 3;

    /** One held (or once held) lock, as the model sees it. */
    static final class ModelHolder {
        final int process;
        final String resource;
        final LockMode mode;
        final long token;
        final LockHandle handle;
        Instant heartbeat;
        boolean inRecord = true;

        ModelHolder(int process, String resource, LockMode mode, long token, LockHandle handle, Instant heartbeat) {
            this.process = process;
            this.resource = resource;
            this.mode = mode;
            this.token = token;
            this.handle = handle;
            this.heartbeat = heartbeat;
        }
    }

    static final class World {
        final Path dir;
        final SimulatedProcesses sim;
        final List<FileLockManager> managers = new ArrayList<>();
        final boolean[] dead = new boolean[PROCESSES];
        final List<ModelHolder> holders = new ArrayList<>();
        final Map<String, Long> lastToken = new HashMap<>();
        final List<String> log = new ArrayList<>();

        World() {
            try {
                dir = Files.createTempDirectory("wvo-lock-model");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            sim = new SimulatedProcesses(dir);
            for (int p = 0; p < PROCESSES; p++) {
                managers.add(sim.process("p" + p, 1000 + p));
            }
        }

        Instant now() {
            return sim.clock.instant();
        }

        /** A holder blocks others while its process lives and its lease has not run out. */
        boolean counts(ModelHolder h) {
            return h.inRecord && !dead[h.process] && !now().isAfter(h.heartbeat.plus(SimulatedProcesses.LEASE));
        }

        List<ModelHolder> inRecord(String resource) {
            return holders.stream().filter(h -> h.inRecord && h.resource.equals(resource)).toList();
        }

        boolean free(String resource, LockMode mode) {
            List<ModelHolder> live = inRecord(resource).stream().filter(this::counts).toList();
            return mode == LockMode.EXCLUSIVE ? live.isEmpty() : live.stream().allMatch(h -> h.mode == LockMode.SHARED);
        }

        /** Every attempt drops the stale entries it finds, whether or not it gets the lock. */
        void attemptSeen(String resource) {
            inRecord(resource).stream().filter(h -> !counts(h)).forEach(h -> h.inRecord = false);
        }

        void tryAcquire(int p, String resource, LockMode mode) {
            if (dead[p]) {
                return;
            }
            boolean expected = free(resource, mode);
            Optional<LockHandle> got = managers.get(p).tryAcquire(resource, mode);
            log.add("p" + p + " tryAcquire " + resource + " " + mode + " -> " + got.isPresent());
            assertThat(got.isPresent()).as("granted exactly when free: %s", log).isEqualTo(expected);
            attemptSeen(resource);
            got.ifPresent(h -> granted(p, resource, mode, h));
        }

        void granted(int p, String resource, LockMode mode, LockHandle h) {
            assertThat(h.token()).as("tokens increase").isGreaterThan(lastToken.getOrDefault(resource, 0L));
            lastToken.put(resource, h.token());
            holders.add(new ModelHolder(p, resource, mode, h.token(), h, now()));
        }

        void release(int p, int which) {
            List<ModelHolder> mine = holders.stream().filter(h -> h.process == p && !dead[p]).toList();
            if (mine.isEmpty()) {
                return;
            }
            ModelHolder h = mine.get(which % mine.size());
            boolean expected = h.inRecord;
            boolean released = h.handle.release();
            log.add("p" + p + " release " + h.resource + "#" + h.token + " -> " + released);
            assertThat(released).as("release returns whether the entry was still ours: %s", log).isEqualTo(expected);
            h.inRecord = false;
            holders.remove(h);
        }

        void crash(int p) {
            dead[p] = true;
            sim.dead.add(1000L + p);
            log.add("p" + p + " crashes");
        }

        void advance(Duration d) {
            sim.clock.advance(d);
            log.add("clock +" + d.toSeconds() + "s");
        }

        void renew(int p) {
            if (dead[p]) {
                return;
            }
            managers.get(p).renewAll();
            for (ModelHolder h : holders) {
                if (h.process == p && h.inRecord) {
                    if (now().isBefore(h.heartbeat.plus(SimulatedProcesses.LEASE))) {
                        h.heartbeat = now();
                    } else {
                        h.inRecord = false; // a lease found expired is given up, never revived
                    }
                }
            }
            log.add("p" + p + " renews");
        }

        /** Two live processes try to take the same resource at the same instant. */
        void race(int a, int b, String resource) throws InterruptedException {
            if (a == b || dead[a] || dead[b]) {
                return;
            }
            boolean expected = free(resource, LockMode.EXCLUSIVE);
            CountDownLatch start = new CountDownLatch(1);
            Map<Integer, Optional<LockHandle>> results = new java.util.concurrent.ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int p : new int[] {a, b}) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        results.put(p, managers.get(p).tryAcquire(resource, LockMode.EXCLUSIVE));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            List<Integer> winners = results.entrySet().stream().filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey).toList();
            log.add("race p" + a + "/p" + b + " on " + resource + " -> " + winners);
            assertThat(winners).as("one winner at most, and one if free: %s", log).hasSize(expected ? 1 : 0);
            attemptSeen(resource);
            for (int w : winners) {
                granted(w, resource, LockMode.EXCLUSIVE, results.get(w).orElseThrow());
            }
        }

        /** The invariants, checked after every step. */
        void check() {
            for (String r : RESOURCES) {
                List<ModelHolder> live = inRecord(r).stream().filter(this::counts).toList();
                long exclusive = live.stream().filter(h -> h.mode == LockMode.EXCLUSIVE).count();
                assertThat(exclusive).as("one exclusive holder at most").isLessThanOrEqualTo(1);
                if (exclusive == 1) {
                    assertThat(live).as("exclusive excludes shared: %s", log).hasSize(1);
                }
                Set<Long> actual = managers.get(0).inspect(r).map(i -> i.holders().stream().map(HolderInfo::token)
                        .collect(Collectors.toSet())).orElse(Set.of());
                Set<Long> live_tokens = live.stream().map(h -> h.token).collect(Collectors.toSet());
                assertThat(actual).as("no live holder's entry is ever removed: %s", log).containsAll(live_tokens);
                Set<Long> modelTokens = inRecord(r).stream().map(h -> h.token).collect(Collectors.toSet());
                assertThat(actual).as("the lock file holds exactly the model's entries: %s", log).isEqualTo(modelTokens);
                for (ModelHolder h : live) {
                    // at the very instant the lease ends the holder already stops trusting its lock,
                    // while others may not break it yet: the safe side of the boundary
                    if (now().isBefore(h.heartbeat.plus(SimulatedProcesses.LEASE))) {
                        assertThat(h.handle.isValid()).as("a live holder's handle is valid: %s", log).isTrue();
                    }
                }
            }
        }

        void close() {
            sim.close();
            org.assertj.core.util.Files.delete(dir.toFile());
        }
    }

    @Property(tries = 150)
    void lockBehavesLikeTheModel(@ForAll("chains") ActionChain<World> chain) {
        try {
            chain.withInvariant(World::check).run();
        } finally {
            chain.finalState().ifPresent(World::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        Arbitrary<Integer> process = Arbitraries.integers().between(0, PROCESSES - 1);
        Arbitrary<String> resource = Arbitraries.of(RESOURCES);
        Arbitrary<LockMode> mode = Arbitraries.of(LockMode.values());
        return ActionChain.startWith(World::new)
                .withAction(4, (Action.Independent<World>) () -> Combinators.combine(process, resource, mode)
                        .as((p, r, m) -> Transformer.mutate("p" + p + " tryAcquire " + r + " " + m, w -> w.tryAcquire(p, r, m))))
                .withAction(3, (Action.Independent<World>) () -> Combinators.combine(process, Arbitraries.integers().between(0, 5))
                        .as((p, i) -> Transformer.mutate("p" + p + " release #" + i, w -> w.release(p, i))))
                .withAction(1, (Action.Independent<World>) () -> process
                        .map(p -> Transformer.mutate("p" + p + " crash", w -> w.crash(p))))
                .withAction(2, (Action.Independent<World>) () -> Arbitraries.of(5, 20, 31)
                        .map(s -> Transformer.mutate("clock +" + s + "s", w -> w.advance(Duration.ofSeconds(s)))))
                .withAction(2, (Action.Independent<World>) () -> process
                        .map(p -> Transformer.mutate("p" + p + " renew", w -> w.renew(p))))
                .withAction(1, (Action.Independent<World>) () -> Combinators.combine(process, process, resource)
                        .as((a, b, r) -> Transformer.mutate("race p" + a + "/p" + b + " " + r, w -> {
                            try {
                                w.race(a, b, r);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        })))
                .withMaxTransformations(40);
    }
}
