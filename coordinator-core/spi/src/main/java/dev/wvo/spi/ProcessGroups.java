package dev.wvo.spi;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent as the leader of a process group of its own, so that it can be stopped with everything
 * it started in one signal: Java cannot make a process group, so the agent is started through
 * util-linux's {@code setsid} (which, in a child that leads no group, makes the session and execs
 * the program: the agent keeps the pid Java knows, and that pid is the group's id), and the
 * group is signalled with {@code kill -SIG -- -PID}. Being in a session of its own also keeps a
 * terminal's Ctrl-C from reaching the agent before the worker has decided what to do with it.
 * Where {@code setsid}, {@code kill} or {@code grep} is missing (not Linux), agents run as before,
 * stopped one by one.
 *
 * <p>Such an agent is also covered by this JVM's {@link ParentDeathWatch}, which stops it and what
 * it started once the JVM is gone.
 */
final class ProcessGroups {

    private static final Optional<Path> SETSID = onPath("setsid");
    private static final Optional<Path> KILL = onPath("kill");
    private static final Optional<Path> GREP = onPath("grep");

    private ProcessGroups() {
    }

    /** Whether agents can lead process groups here, and their groups be signalled. */
    static boolean available() {
        return SETSID.isPresent() && KILL.isPresent() && GREP.isPresent();
    }

    /**
     * {@code command} started as a group leader ({@code setsid -w command}), with the marks of this
     * JVM's parent-death watch added to {@code environment}; or {@code command} as it is where that
     * cannot be done, or when its program is not found: then the start fails as it always did,
     * saying which program is missing, instead of {@code setsid} failing after it started.
     */
    static List<String> leading(List<String> command, Map<String, String> environment) {
        if (!available() || find(command.get(0)).isEmpty()) {
            return command;
        }
        ParentDeathWatch.cover(environment, SETSID.get());
        List<String> wrapped = new ArrayList<>(List.of(SETSID.get().toString(), "-w"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Sends {@code signal} ({@code TERM}, {@code KILL}, or {@code 0} to only ask) at once to every
     * member of the process group the process {@code leader} was started to lead ({@link #leading});
     * nothing happens when the group has no member left, or there is no such group. Through this
     * JVM's parent-death watch when it runs (no process started), else by a {@code kill} process.
     *
     * @return whether the group had a member to signal ({@code kill}'s exit status)
     */
    static boolean signal(long leader, String signal) {
        Optional<Boolean> byWatch = ParentDeathWatch.signalGroup(leader, signal);
        if (byWatch.isPresent()) {
            return byWatch.get();
        }
        try {
            return new ProcessBuilder(KILL.orElseThrow().toString(), "-s", signal, "--", "-" + leader)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            // no group signal: the caller signals each process it knows of as well
            return false;
        } catch (InterruptedException e) {
            // the caller signals each process it knows of as well, and sees the interrupt
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where a program would be found: its path if it has a slash, else the first PATH entry that has it. */
    private static Optional<Path> find(String program) {
        if (program.contains("/")) {
            return Optional.of(Path.of(program)).filter(Files::isExecutable);
        }
        return onPath(program);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
