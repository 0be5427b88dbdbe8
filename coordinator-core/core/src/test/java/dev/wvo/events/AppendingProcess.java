package dev.wvo.events;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A separate JVM for {@link EventLogMultiProcessTest}: signals that it is ready, waits at a gate
 * (a kernel lock the test holds), then appends events from several threads. Each event carries
 * its writer, thread, sequence number and a padding whose length it states, so the test can
 * tell a torn or mixed line from a whole one.
 *
 * <p>Arguments: log file, gate file, ready file, writer id, threads, events per thread, seed.
 */
public final class AppendingProcess {

    private AppendingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        Path gate = Path.of(args[1]);
        Path ready = Path.of(args[2]);
        String writer = args[3];
        int threads = Integer.parseInt(args[4]);
        int perThread = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);

        try (FileChannel gateChannel = FileChannel.open(gate, StandardOpenOption.READ)) {
            Files.createFile(ready);
            try (FileLock open = gateChannel.lock(0, Long.MAX_VALUE, true)) {
                // Passing the gate is all that is needed: the test opens it for every writer at once.
            }
        }
        EventLog events = new EventLog(log);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> append(events, writer, thread, perThread, new Random(seed * 31 + thread)));
            worker.start();
            running.add(worker);
        }
        for (Thread worker : running) {
            worker.join();
        }
    }

    private static void append(EventLog events, String writer, int thread, int count, Random random) {
        Clock clock = Clock.systemUTC();
        for (int seq = 0; seq < count; seq++) {
            // Mostly short lines, with a good share well above a 4 KiB page and PIPE_BUF.
            int length = random.nextInt(4) == 0 ? 4096 + random.nextInt(12_000) : random.nextInt(400);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("thread", thread);
            details.put("seq", seq);
            details.put("length", length);
            details.put("padding", String.valueOf((char) ('a' + random.nextInt(26))).repeat(length));
            events.append(Event.of(clock, EventType.COMPLETE, writer, "T-" + seq, thread, details));
        }
    }
}
