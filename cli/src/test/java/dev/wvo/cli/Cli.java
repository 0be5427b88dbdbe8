package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs wvo in this JVM, as {@code Main} would, with a given environment, capturing stdout and stderr. */
final class Cli {

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with {@code --state state} prepended and an empty environment. */
    static Result inState(Path state, String... args) {
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        return run(Map.of(), all.toArray(String[]::new));
    }

    /** {@code task add id} with these options in {@code state}, which must accept it. */
    static void addTask(Path state, String id, String... options) {
        List<String> args = new ArrayList<>(List.of("task", "add", id));
        args.addAll(List.of(options));
        Result r = inState(state, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /**
     * A shell task titled {@code Task <id>} that runs {@code command} and owns only {@code out/<id>},
     * so that such tasks may run at the same time; {@code more} options of {@code task add} after.
     */
    static void addShellTask(Path state, String id, String command, String... more) {
        addTask(state, id, with(List.of("--title", "Task " + id, "--owns", "out/" + id, "--command", command), more));
    }

    /** A task for a real agent: create {@code out/<id>.txt}, which it owns; {@code more} options after. */
    static void addFileTask(Path state, String id, String... more) {
        addTask(state, id, with(List.of("--title", "Create out/" + id + ".txt", "--description",
                "Write the file out/" + id + ".txt.", "--owns", "out/" + id + ".txt"), more));
    }

    private static String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Runs a {@code --json} command in {@code state}, which must succeed, and reads what it printed. */
    static JsonNode json(Path state, String... args) throws IOException {
        Result r = inState(state, args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }
}
