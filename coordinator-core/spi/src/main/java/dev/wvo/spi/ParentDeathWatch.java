package dev.wvo.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One parent-death watch per JVM for all of its agents: a worker killed with SIGKILL runs no
 * cleanup, and an agent left running would go on editing a task that is given to another worker.
 *
 * <p>The watch is a shell in a session of its own (so that a terminal's Ctrl-C or hang-up that
 * kills the JVM does not kill it too), started once, whose standard input is a pipe that only this
 * JVM holds open (a child of the JVM closes every inherited descriptor above 2, so no agent holds
 * it): the shell blocks reading it, and the read ends when the JVM is gone, however it died. Every
 * agent is started with {@link #VARIABLE} set to this JVM's token in its environment, which its
 * descendants inherit; once the JVM is gone the watch finds every process that carries the token
 * ({@code /proc/PID/environ}, as the process was started) and sends SIGTERM to it and to its
 * process group, then SIGKILL after the grace period to what is left and what was started
 * meanwhile. Marking the agents instead of telling the watch their ids leaves no window between an
 * agent's start and its registration, and no id that could be reused by another process by then.
 *
 * <p>Before, each agent was started through a shell that forked a watch of its own, polling
 * every second: two {@code exec}s and a fork more per agent, and a {@code sleep} per second per
 * running agent (docs/performance.md, "Throughput").
 */
final class ParentDeathWatch {

    /** The environment variable that marks an agent and its descendants as this JVM's. */
    static final String VARIABLE = "WVO_AGENT_OF";
    /** How long the watch waits between SIGTERM and SIGKILL, as a stopped run does. */
    private static final long GRACE_SECONDS = AgentProcess.GRACE.toSeconds();
    /**
     * Blocks until standard input ends (the JVM never writes to it), then signals the marked
     * processes: each one's group ({@code -PID}, when it leads one) and the process itself.
     */
    static final String SCRIPT = "token=$1\n"
            + "while read -r _; do :; done\n"
            + "signal() {\n"
            + "  found=1\n"
            + "  for f in $(grep -lzx \"" + VARIABLE + "=$token\" /proc/[0-9]*/environ 2>/dev/null); do\n"
            + "    found=0; p=${f#/proc/}; p=${p%/environ}; kill -s \"$1\" -- \"-$p\" \"$p\" 2>/dev/null\n"
            + "  done\n"
            + "  return $found\n"
            + "}\n"
            + "signal TERM || exit 0\n"
            + "sleep " + GRACE_SECONDS + "\n"
            + "signal KILL\n"
            + "exit 0\n";

    /** This JVM's mark: the JVM's pid and a random part, so that no other JVM's agents match it. */
    private static final String TOKEN = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    /**
     * The watch's process, kept reachable: the pipe to its standard input closes (and the watch
     * fires) if the {@code Process} is collected.
     */
    private static Process watch;

    private ParentDeathWatch() {
    }

    /**
     * Marks an agent about to be started with {@code environment} as watched, starting the watch
     * first if it does not run (the first agent, or the watch was killed).
     *
     * @param setsid the {@code setsid} program, which gives the watch its own session
     */
    static synchronized void cover(Map<String, String> environment, Path setsid) {
        if (watch == null || !watch.isAlive()) {
            watch = start(setsid);
        }
        environment.put(VARIABLE, TOKEN);
    }

    private static Process start(Path setsid) {
        List<String> argv = List.of(setsid.toString(), "/bin/sh", "-c", SCRIPT, "wvo-watch", TOKEN);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // This JVM may itself be an agent of an outer wvo, marked as such: its watch must not be,
        // or the outer watch would stop it with this JVM and leave this JVM's agents running.
        builder.environment().remove(VARIABLE);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the agents' parent-death watch (" + setsid + " /bin/sh): "
                    + e.getMessage(), e);
        }
    }
}
