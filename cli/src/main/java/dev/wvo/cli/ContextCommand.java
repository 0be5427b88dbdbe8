package dev.wvo.cli;

import dev.wvo.cli.render.Json;
import dev.wvo.context.ContextMergeConfig;
import dev.wvo.context.ContextMerger;
import dev.wvo.context.ContextStore;
import dev.wvo.context.ContextStores;
import dev.wvo.context.MergeResult;
import dev.wvo.context.NamedDocument;
import dev.wvo.context.Section;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.UnreadableStateFileException;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockTimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code wvo context merge|add|show}: the shared context file, merged instead of overwritten. */
@Command(name = "context", header = "Merge, add to and show the shared context file <state>/context.md.",
        subcommands = {ContextCommand.Merge.class, ContextCommand.Add.class, ContextCommand.Show.class})
final class ContextCommand extends CommandGroup {

    @Command(name = "merge", header = "Merge context files and print the result.",
            description = {"Merges the FILEs in order: update-log sections (Recent Updates, Recent Activity, Latest Update) "
                    + "are merged entry by entry, newest first, without repeats; other sections three-way against "
                    + "--base, or two-way without it. Exit 0 when clean, 1 when a section kept conflict markers "
                    + "(listed on stderr). Nothing is written."})
    static final class Merge implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--base", paramLabel = "FILE", description = "The version the FILEs started from.")
        private Path base;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "The versions to merge.")
        private List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults());
            List<NamedDocument> docs = new ArrayList<>();
            for (Path file : files) {
                docs.add(new NamedDocument(file.toString(), read(file)));
            }
            Optional<NamedDocument> baseDoc = base == null ? Optional.empty()
                    : Optional.of(new NamedDocument(base.toString(), read(base)));
            MergeResult result = merger.merge(baseDoc, docs);
            PrintWriter out = spec.commandLine().getOut();
            out.print(result.text());
            out.flush();
            if (result.hasConflicts()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("wvo: conflicts in " + result.conflictedSections().size() + " section(s): "
                        + String.join(", ", result.conflictedSections()));
                err.flush();
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", header = "Add a timestamped entry to an update-log section of context.md.",
            description = {"Takes the context lock, merges the entry in (newest first, no repeats, at most 50 kept) "
                    + "and writes the file atomically; other agents' concurrent additions are never lost."})
    static final class Add implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--section", paramLabel = "NAME", defaultValue = ContextStore.DEFAULT_LOG_SECTION,
                description = "An update-log section (default: ${DEFAULT-VALUE}).")
        private String section;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The entry's text.")
        private List<String> words = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            WvoCommand global = WvoCommand.of(spec);
            try (LockManager locks = LockBackends.open(global,
                    LockBackends.Options.defaults().owner("wvo-context").releasingOnShutdown())) {
                ContextStore store = ContextStores.of(global.stateDirectory(), locks);
                store.addEntry(section, String.join(" ", words), Clock.systemUTC());
                spec.commandLine().getOut().println("added to ## " + section + " in " + store.file());
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
            } catch (LockTimeoutException e) {
                throw new CommandFailure(ExitCodes.LOCK_NOT_ACQUIRED, e.getMessage());
            }
        }
    }

    @Command(name = "show", header = "Print context.md, or one section of it.",
            description = "--json prints the file's sections, the schema documented in docs/cli.md.")
    static final class Show implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--section", paramLabel = "NAME", description = "Only this section.")
        private String section;

        @Mixin
        private JsonOption json;

        @Override
        public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
            Path file = WvoCommand.of(spec).state().context();
            String text = read(file);
            PrintWriter out = spec.commandLine().getOut();
            if (json.on()) {
                out.println(sectionsJson(file, text));
            } else if (section == null) {
                out.print(text);
            } else {
                Section found = new ContextMerger(ContextMergeConfig.defaults()).parse(text).section(section)
                        .orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE, "no section '## " + section + "' in " + file));
                out.println("## " + found.heading());
                found.body().forEach(out::println);
            }
            out.flush();
            return ExitCodes.OK;
        }

        /** The file's sections as {@code {"file", "preamble", "sections": [{"heading", "body"}]}}; only --section's if given. */
        private String sectionsJson(Path file, String text) throws com.fasterxml.jackson.core.JsonProcessingException {
            var document = new ContextMerger(ContextMergeConfig.defaults()).parse(text);
            List<Section> sections = document.sections();
            if (section != null) {
                sections = List.of(document.section(section).orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE,
                        "no section '## " + section + "' in " + file)));
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("file", file.toString());
            root.put("preamble", section == null ? String.join("\n", document.preamble()) : null);
            root.put("sections", sections.stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("heading", s.heading());
                m.put("body", String.join("\n", s.body()));
                return m;
            }).toList());
            return Json.MAPPER.writeValueAsString(root);
        }
    }

    private static String read(Path file) {
        try {
            return BoundedRead.utf8(file, BoundedRead.DOCUMENT);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.FAILURE, file + " does not exist" + (file.endsWith("context.md")
                    ? "; create the state with `wvo init`" : ""));
        } catch (UnreadableStateFileException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
