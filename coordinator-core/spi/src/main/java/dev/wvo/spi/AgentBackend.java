package dev.wvo.spi;

import org.pf4j.ExtensionPoint;

import java.util.List;
import java.util.Map;

/**
 * Runs one task with one kind of agent (Claude Code, Codex, a shell command, ...).
 *
 * <p>Implementations start the agent as a process with its arguments as an argv array, never
 * spliced into a shell string, stream its output to the sink, and stop its whole process tree
 * when the run times out, stalls or the calling thread is interrupted. {@link AgentProcess} does
 * all of that; most backends only build the command line and read the result.
 */
public interface AgentBackend extends ExtensionPoint {

    /** The name users select the backend by ({@code claude}, {@code codex}, {@code shell}). */
    String name();

    /**
     * Whether the backend can run here, and if not why (for example its executable is not on
     * the PATH). Cheap: called at worker start and by {@code wvo doctor}.
     */
    Availability availability();

    /**
     * Runs the task and returns how it ended. Blocks until the agent has exited.
     *
     * @throws InterruptedException if the calling thread was interrupted; the agent's process
     *                              tree has been stopped by then
     */
    AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException;

    /**
     * Whether a successful run on a task that is not {@code readonly} must have changed files to
     * count as done. True for agents, which say "done" whether or not their edits happened; a
     * backend that runs the user's own command, whose exit code is its whole answer, says false.
     */
    /**
     * The problems of its settings as {@code config.yaml} gives them ({@code backends:},
     * {@code profiles:}, an account's {@code settings:}), found when the file is checked (by
     * {@code status}, {@code doctor} and a worker before it claims anything) rather than when an
     * attempt runs: a value of the wrong kind would fail every attempt of every task.
     *
     * @return none when the settings are fine (the default)
     */
    default List<SettingProblem> validate(Map<String, String> settings) {
        return List.of();
    }

    default boolean expectsChanges() {
        return true;
    }

    /**
     * What {@code wvo doctor} reports of this backend as configured: whether its CLI starts and
     * its version, whether an agent under these settings can edit files unattended, and which
     * credentials it would find (names only, never values). Runs the CLI briefly at most.
     *
     * @param settings    the backend's settings, as a worker would run it
     * @param environment the variables the agent would get on top of wvo's own
     */
    default Diagnosis diagnose(Map<String, String> settings, Map<String, String> environment) {
        Availability availability = availability();
        return new Diagnosis(availability.available(), availability.detail(), List.of(), List.of());
    }

    /**
     * Whether the backend is usable here.
     *
     * @param available true if it can run
     * @param detail    what was found (a path and version) or what is missing and what to do
     */
    record Availability(boolean available, String detail) {

        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String detail) {
            return new Availability(false, detail);
        }
    }

    /**
     * A backend as {@code wvo doctor} sees it.
     *
     * @param starts      whether its CLI started and printed its version
     * @param version     the version it printed, or why it did not start and what to do
     * @param cannotEdit  why an agent under these settings cannot edit files unattended, one line
     *                    each; empty when it can
     * @param credentials the credentials it would find: variable names and login files, never values
     */
    record Diagnosis(boolean starts, String version, List<String> cannotEdit, List<String> credentials) {
        public Diagnosis {
            cannotEdit = List.copyOf(cannotEdit);
            credentials = List.copyOf(credentials);
        }
    }
}
