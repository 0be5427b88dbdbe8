package dev.wvo.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One parent-death watch per JVM for all of its agents: a worker killed with SIGKILL runs no
 * cleanup, and an agent left running would go on editing a task that is given to another worker.
 *
 * <p>The watch is a shell in a session of its own (so that a terminal's Ctrl-C or hang-up that
 * kills the JVM does not kill it too), started once, whose standard input is a pipe that only this
 * JVM holds open (a child of the JVM closes every inherited descriptor above 2, so no agent holds
 * it): the shell blocks reading it, and the read ends when the JVM is gone, however it died. While
 * the JVM lives, the same pipe carries its requests to signal an agent's process group, which the
 * shell's built-in {@code kill} sends without a process of its own. Every
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
     * Until standard input ends, answers the JVM's requests to signal a process group ({@link
     * #signalGroup}: {@code SIGNAL PGID} in, {@code 0} when the group had a member, else {@code 1},
     * out); then, the JVM gone, signals the marked processes: each one's group ({@code -PID}, when it
     * leads one) and the process itself. Its output goes nowhere from then on: the JVM that read it
     * is gone. The race of a JVM killed between a request and its answer is closed by ignoring
     * SIGPIPE: the answer's write fails instead of ending the shell before its work.
     */
    static final String SCRIPT = "token=$1\n"
            + "trap '' PIPE\n"
            + "while read -r sig group; do\n"
            + "  if kill -s \"$sig\" -- \"-$group\" 2>/dev/null; then echo 0; else echo 1; fi\n"
            + "done\n"
            + "exec >/dev/null\n"
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
    /** The watch's answers to {@link #signalGroup}. */
    private static BufferedReader answers;

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
            answers = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.US_ASCII));
        }
        environment.put(VARIABLE, TOKEN);
    }

    /**
     * Sends {@code signal} ({@code TERM}, {@code KILL}, or {@code 0} to only ask) to the process
     * group {@code leader} leads, by the watch's built-in {@code kill}: no process is started for
     * it, where a {@code kill} program costs a process start at every agent's end ({@link
     * AgentProcess}'s look for what an agent left behind).
     *
     * @return whether the group had a member to signal; empty when the watch does not run or did
     *         not answer, and the caller signals by other means
     */
    static synchronized Optional<Boolean> signalGroup(long leader, String signal) {
        if (watch == null || !watch.isAlive()) {
            return Optional.empty();
        }
        try {
            OutputStream requests = watch.getOutputStream();
            requests.write((signal + " " + leader + "\n").getBytes(StandardCharsets.US_ASCII));
            requests.flush();
            String answer = answers.readLine();
            return answer == null ? Optional.empty() : Optional.of(answer.equals("0"));
        } catch (IOException e) {
            return Optional.empty(); // the watch ended meanwhile; the next cover starts another
        }
    }

    private static Process start(Path setsid) {
        List<String> argv = List.of(setsid.toString(), "/bin/sh", "-c", SCRIPT, "wvo-watch", TOKEN);
        ProcessBuilder builder = new ProcessBuilder(argv)
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
