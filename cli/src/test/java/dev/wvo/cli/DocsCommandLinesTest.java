package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code wvo ...} command line in a code block of docs/*.md and README.md parses against
 * the real picocli model: no unknown command, no unknown option, no bad value.
 */
class DocsCommandLinesTest {

    private static final Path ROOT = Path.of("..");
    /** {@code ./wvo} or {@code wvo} as a command: at the start, or after a shell operator or a prompt. */
    private static final Pattern INVOCATION = Pattern.compile(
            "(?:^\\s*|&&\\s*|\\|\\|?\\s*|\\$\\(|\\$\\s|\\bdo\\s+|\\bthen\\s+|\\bt\\s+)(?:\\./)?wvo(?=\\s|$)");

    @Test
    void everyWvoCommandLineInTheDocs_parses() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : markdownFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean inCode = false;
            boolean generated = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int first = i;
                while (inCode && line.endsWith("\\") && i + 1 < lines.size()) {
                    line = line.substring(0, line.length() - 1) + " " + lines.get(++i).strip();
                }
                if (line.startsWith(CliReference.BEGIN)) {
                    generated = true;
                } else if (line.startsWith(CliReference.END)) {
                    generated = false;
                }
                if (line.strip().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (!inCode || generated) {
                    continue; // the generated reference is usage text, checked by CliReferenceTest
                }
                for (List<String> args : invocations(line)) {
                    checked++;
                    String problem = parse(args);
                    if (problem != null) {
                        problems.add(ROOT.relativize(file) + ":" + (first + 1) + ": `" + line.strip() + "`: " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("command lines found").isGreaterThan(30);
        assertThat(problems).as("command lines in the docs that wvo rejects").isEmpty();
    }

    @Test
    void invocations_areFoundAfterOperatorsAndPrompts_andSynopsesAreSkipped() {
        assertThat(invocations("./wvo init --from \"$d/r.yaml\" --state \"$d/state\"   # comment"))
                .containsExactly(List.of("init", "--from", "$d/r.yaml", "--state", "$d/state"));
        assertThat(invocations("cd x && ./wvo status --json | jq .tasks"))
                .containsExactly(List.of("status", "--json"));
        assertThat(invocations("$ wvo lock list 2>/dev/null")).containsExactly(List.of("lock", "list"));
        assertThat(invocations("wvo status [--json] [--watch]")).isEmpty();
        assertThat(invocations("wvo worker stop WORKER|all")).isEmpty();
        assertThat(invocations("state/wvo is a path, and so is /srv/wvo here")).isEmpty();
        assertThat(parse(List.of("status", "--bogus"))).contains("--bogus");
        assertThat(parse(List.of("statuz"))).contains("statuz");
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /**
     * The argument vectors of the wvo invocations on one line of a shell block. A synopsis line
     * ({@code [--json]}, {@code A|B}, {@code ...}) describes a command rather than being one, and
     * is skipped.
     */
    static List<List<String>> invocations(String line) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = INVOCATION.matcher(line);
        while (m.find()) {
            List<String> words = words(line.substring(m.end()));
            if (words.stream().anyMatch(w -> w.startsWith("[") || w.endsWith("]") || w.contains("...")
                    || w.contains("…") || w.matches("[A-Za-z]+\\|[A-Za-z|]+"))) {
                continue;
            }
            out.add(words);
        }
        return out;
    }

    /** Shell words up to the end of the command (an operator, a redirection or a comment). */
    private static List<String> words(String rest) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (!inWord && (c == '#' || c == '|' || c == ';' || c == '&' || c == '>' || c == '<' || c == ')'
                    || (c == '2' && i + 1 < rest.length() && rest.charAt(i + 1) == '>'))) {
                break;
            } else if (c == '|' && i + 1 < rest.length() && Character.isLetter(rest.charAt(i + 1))) {
                word.append(c); // A|B in a synopsis, which invocations() then skips
            } else if (c == '|' || c == ';' || c == ')' || (c == '&' && i + 1 < rest.length() && rest.charAt(i + 1) == '&')) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Null if the picocli model accepts the arguments, else why not. */
    private static String parse(List<String> args) {
        try {
            Main.newCommandLine(Map.of()).parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }
}
