package dev.wvo.cli.shell;

import dev.wvo.status.StatusSnapshot;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tab completion for the shell: command names first, then what the command takes, read from a
 * fresh snapshot: task ids for {@code show}, worker ids and {@code all} for {@code pause} and
 * {@code resume}, live worker ids and {@code all} for {@code stop}, the options of {@code spawn}, lock resources and {@code --force} for {@code break}.
 */
final class SnapshotCompleter implements Completer {

    private final List<String> names;
    private final Supplier<StatusSnapshot> snapshot;

    SnapshotCompleter(List<String> names, Supplier<StatusSnapshot> snapshot) {
        this.names = List.copyOf(names);
        this.snapshot = snapshot;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidatesFor(line.words(), line.wordIndex()).forEach(c -> candidates.add(new Candidate(c)));
    }

    /** What may stand at word {@code index} after the given words. */
    List<String> candidatesFor(List<String> words, int index) {
        if (index == 0) {
            return names;
        }
        List<String> out = new ArrayList<>();
        switch (words.get(0)) {
            case "show" -> snapshot.get().tasks().all().forEach(t -> out.add(t.id()));
            case "pause", "resume" -> {
                snapshot.get().workers().forEach(w -> out.add(w.id()));
                out.add("all");
            }
            case "stop" -> {
                snapshot.get().workers().stream().filter(StatusSnapshot.WorkerLine::alive).forEach(w -> out.add(w.id()));
                out.add("all");
            }
            case "spawn" -> out.addAll(SpawnRequest.OPTIONS);
            case "break" -> {
                snapshot.get().locks().forEach(l -> out.add(l.resource()));
                out.add("--force");
            }
            default -> {
            }
        }
        return index == 1 || words.get(0).equals("break") || words.get(0).equals("spawn") ? out : List.of();
    }
}
