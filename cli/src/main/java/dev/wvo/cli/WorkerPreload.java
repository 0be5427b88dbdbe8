package dev.wvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.List;

/**
 * Work that a worker's start does on its main thread anyway, begun on a second thread as soon as
 * {@code Main} runs, while the main thread builds picocli's model and reads the state: on a machine
 * with a second core free it comes off the way to the first claim (docs/performance.md, "Worker
 * start-up and idle cost"). Nothing here changes what the worker does; three one-time costs are
 * paid earlier, on another thread, in the order the main thread meets them:
 *
 * <ol>
 *   <li>opening every jar of the class path. The first look-up of a resource that is in no jar
 *       or in several ({@code java.util.logging}'s back-end, PF4J's extension index: such
 *       look-ups lie before a worker's first claim; slf4j's provider is named by {@code Main}
 *       and looked for no more) makes the class loader open each jar and read its central
 *       directory, ~40–75 ms of CPU; the look-ups after it find the jars open. This thread makes
 *       one first, a plain look-up of slf4j's provider files: it initialises no class.</li>
 *   <li>SnakeYAML's set-up for reading the roadmap: its parser's and composer's classes and their
 *       initialisers (the resolver's patterns).</li>
 *   <li>Jackson's, for the worker's and lock records: the first {@code ObjectMapper} initialises
 *       its date format, which asks the JDK for the time-zone database, calendar data and
 *       date-format symbols (~85 ms), in static initialisers that run once per JVM.</li>
 * </ol>
 *
 * <p>Why class initialisation cannot deadlock between the two threads: a deadlock needs each
 * thread to be running the initialiser of a class that the other's initialiser needs. This thread
 * initialises only the JDK's, SnakeYAML's and Jackson's classes, and none of their initialisers
 * needs a class of wvo's, picocli's, slf4j's or PF4J's, whose initialisers are what the main thread
 * runs meanwhile; so whatever this thread waits for finishes without it. (The JDK's own classes,
 * which both threads may initialise, are made to be initialised from any thread.) The main thread,
 * when it needs one of these classes first, waits for its initialiser to finish here, as it would
 * have run it itself. A failure here is left for the main thread to meet, and report, when it does
 * the same work.
 */
final class WorkerPreload {

    /** A resource in a few jars of the class path: looking for it opens every jar. */
    private static final String SLF4J_PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    /** A mapping and a flow sequence, as a roadmap's tasks have. */
    private static final String YAML_SAMPLE = "owns: [out/a]\n";

    private WorkerPreload() {
    }

    /** Starts the preload when {@code args} start a worker; a daemon thread, so it never keeps the JVM alive. */
    static void startIfWorker(List<String> args) {
        if (startsWorker(args)) {
            Thread thread = new Thread(WorkerPreload::run, "wvo-preload");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Whether {@code args} start a worker: {@code worker} with {@code --agent}, as the launcher
     * decides it to give a worker's JVM options ({@code wvo worker stop} is not one).
     */
    static boolean startsWorker(List<String> args) {
        return args.contains("worker") && args.stream().anyMatch(a -> a.equals("--agent") || a.startsWith("--agent="));
    }

    private static void run() {
        try {
            Collections.list(ClassLoader.getSystemClassLoader().getResources(SLF4J_PROVIDERS));
            // composed as the roadmap is (RoadmapReader.compose): no Yaml facade, whose constructor a
            // worker makes only for a config.yaml
            LoaderOptions options = new LoaderOptions();
            new Composer(new ParserImpl(new StreamReader(new StringReader(YAML_SAMPLE)), options), new Resolver(), options)
                    .getSingleNode();
            new ObjectMapper();
        } catch (IOException | RuntimeException | LinkageError e) {
            // the main thread meets the same failure where it does the same work, and reports it there
        }
    }
}
