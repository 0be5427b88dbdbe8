package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts {@code wvo worker} as this process was started (through the {@code wvo} launcher, or on
 * the same java and class path with the launcher's worker options), with the given global
 * options, stdin from {@code /dev/null} and stdout and stderr appended to
 * {@code <state>/workers/<id>.log}. Detached when its command starts with {@code setsid}, as for
 * {@code up} and the shell's {@code spawn}: in a session of its own, neither Ctrl-C in the
 * starting terminal nor the terminal's hang-up reaches it. The process outlives the JVM that
 * started it: Java never kills its children on exit.
 */
public final class WorkerLauncher {

    /** The variable in which the {@code wvo} launcher passes its own path to the JVM it starts. */
    public static final String LAUNCHER = "WVO_LAUNCHER";

    private final List<String> javaCommand;
    private final List<String> globalArguments;
    private final Path stateDir;
    private final Path workingDirectory;

    /**
     * @param javaCommand      the command that starts wvo's main class, up to and including it
     *                         ({@link #currentWvo}, prefixed by {@link #setsid} where it exists)
     * @param globalArguments  the global options, {@code --state} first
     * @param stateDir         the state directory, whose {@code workers} folder gets the logs
     * @param workingDirectory where the worker starts, and so where its agents run by default
     */
    public WorkerLauncher(List<String> javaCommand, List<String> globalArguments, Path stateDir, Path workingDirectory) {
        this.javaCommand = List.copyOf(javaCommand);
        this.globalArguments = List.copyOf(globalArguments);
        this.stateDir = stateDir;
        this.workingDirectory = workingDirectory;
    }

    /**
     * What a JVM that wvo starts for itself runs, told apart as the {@code wvo} launcher tells its
     * runs apart (its {@code kind}): a worker, or a process hosting workers, which runs for hours,
     * or any other command. Started without the launcher, a JVM gets the options the launcher
     * would give its kind, listed here as in the launcher's {@code jvm_opts} lines, whose comments
     * say why (and docs/performance.md, "The targets at a glance", has the figures: a worker's idle
     * size, the collections while it holds the roadmap lock). Not the transparent huge pages the
     * launcher asks for a command where the kernel gives them on request, nor its later compilation
     * ({@code -XX:CompileThresholdScaling=2}): both pay on a short command, and the only command
     * started here is the dashboard of {@code up --tmux}, which runs for hours.
     */
    public enum Kind {
        /** Any run but a worker's: here the dashboard that {@code up --tmux} opens. */
        COMMAND(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData")),
        /** {@code wvo worker}, one worker or several in one process. */
        WORKER(COMMAND, "-Xms8m", "-XX:SurvivorRatio=3", "-XX:MinHeapFreeRatio=70", "-XX:MaxHeapFreeRatio=85");

        private final List<String> jvmOptions;

        Kind(List<String> jvmOptions) {
            this.jvmOptions = jvmOptions;
        }

        Kind(Kind base, String... more) {
            this(Stream.concat(base.jvmOptions.stream(), Stream.of(more)).toList());
        }

        /** The options between {@code java} and {@code -cp} of a JVM of this kind started without the launcher. */
        public List<String> jvmOptions() {
            return jvmOptions;
        }
    }

    /**
     * The command that starts wvo as this process was started: the {@code wvo} launcher when it
     * started this process (it names itself in {@link #LAUNCHER}), so that a worker started for
     * {@code up}, {@code spawn}, {@code demo} or a tmux window gets the launcher's JVM options and
     * class-data archive exactly as one started by hand; else this JVM's java with the options of
     * {@code kind}, this JVM's class path and {@code mainClass} (wvo run by {@code java -cp}: an
     * install without the launcher, an IDE, the tests), so that its workers are as small as the
     * launcher's and not a default JVM's.
     *
     * @param environment the environment of this process (a test's own)
     * @param kind        what the started JVM runs, for its options when the launcher does not choose them
     */
    public static List<String> currentWvo(Map<String, String> environment, String mainClass, Kind kind) {
        String launcher = environment.get(LAUNCHER);
        if (launcher != null && !launcher.isBlank() && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(kind.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return List.copyOf(command);
    }

    /** {@code setsid} on the PATH, which puts the worker in a session of its own; empty where there is none. */
    public static Optional<String> setsid() {
        return onPath("setsid", System.getenv("PATH")).map(Path::toString);
    }

    /** The first executable {@code name} in the directories of {@code path} (a PATH value, null for none). */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /**
     * How the line of a hosted worker that failed starts, on its process's standard error (the
     * log): {@code wvo: ID ended: } and why. Told apart from the same worker's warnings
     * ({@code wvo: ID: ...}), it lets {@code wvo up} say at once which of a process's workers did
     * not start.
     */
    public static String endedLine(String id) {
        return "wvo: " + id + " ended: ";
    }

    /** The log of a worker: {@code <state>/workers/<id>.log}. */
    public Path logOf(String id) {
        return new StateDir(stateDir).workerLog(id);
    }

    /** The whole command line of a worker with this id and these options of {@code wvo worker}. */
    public List<String> command(String id, List<String> workerArguments) {
        return command(List.of(id), workerArguments);
    }

    /**
     * The whole command line of one process hosting workers with these ids ({@code --id a,b,c}),
     * each with these options of {@code wvo worker}.
     */
    public List<String> command(List<String> ids, List<String> workerArguments) {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(globalArguments);
        command.addAll(List.of("worker", "--id", String.join(",", ids)));
        command.addAll(workerArguments);
        return command;
    }

    /**
     * Starts a process hosting the workers with these ids, its output in the log of the first;
     * it runs on after this process ends.
     *
     * @throws IOException if the log cannot be created or the process not started
     */
    public Process start(List<String> ids, List<String> workerArguments) throws IOException {
        Path log = logOf(ids.get(0));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command(ids, workerArguments))
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
    }
}
