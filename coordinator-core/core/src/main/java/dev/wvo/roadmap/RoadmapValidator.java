package dev.wvo.roadmap;

import dev.wvo.accounts.Budget;
import dev.wvo.schedule.OwnershipPaths;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Finds the problems of single entries that real roadmaps have: duplicate ids, dependencies on
 * ids that do not exist (or empty, or on the task itself), dependency cycles, statuses wvo does
 * not know, ownership entries that are not valid (a broken glob, an absolute path, a path outside
 * the project), counts of attempts that are not counts ({@code max_attempts: -5}), budgets that
 * are not budgets ({@code budget: 5 bucks}), and ids with
 * control characters. None stops the file
 * from loading; each keeps its entries from running until it is fixed.
 */
final class RoadmapValidator {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");

    private RoadmapValidator() {
    }

    static List<RoadmapWarning> validate(List<RoadmapTask> tasks) {
        List<RoadmapWarning> warnings = new ArrayList<>();
        Map<String, RoadmapTask> first = new HashMap<>();
        for (RoadmapTask t : tasks) {
            RoadmapTask earlier = first.putIfAbsent(t.id(), t);
            if (earlier != null) {
                warnings.add(new RoadmapWarning(t.id(), t.line(), duplicate(t.id(), earlier.line())));
                warnings.add(new RoadmapWarning(t.id(), earlier.line(), duplicate(t.id(), t.line())));
            }
        }
        for (RoadmapTask t : tasks) {
            for (String dep : t.dependencies()) {
                if (!dep.isBlank() && !first.containsKey(dep)) {
                    warnings.add(new RoadmapWarning(t.id(), t.line(), "depends on unknown task " + dep
                            + "; fix the id or remove the dependency"));
                }
            }
            warnings.addAll(problemsOfItsOwn(t));
        }
        for (List<String> cycle : cycles(first)) {
            // named once, on the member that comes first in the file: a cycle through 5,000 tasks
            // once gave each of them the whole cycle (220 MB of warnings from `task list`)
            List<String> fromTop = fromFirstInFile(cycle, first);
            RoadmapTask t = first.get(fromTop.get(0));
            warnings.add(new RoadmapWarning(t.id(), t.line(), cycle.size() == 1
                    ? "depends on itself; remove " + t.id() + " from its dependencies"
                    : "dependency cycle " + describe(fromTop) + "; remove one of these dependencies"));
        }
        return warnings;
    }

    /** A duplicate id's message names the other task's line: {@link #moved} moves it too. */
    private static String duplicate(String id, int otherLine) {
        return duplicatePrefix(id) + otherLine + DUPLICATE_END;
    }

    private static String duplicatePrefix(String id) {
        return "duplicate id " + id + " (also at line ";
    }

    private static final String DUPLICATE_END = "); rename one of them";

    /**
     * The other task's line that a duplicate id's message of task {@code id} names, or -1 for
     * another message. Read by its known start and end, whatever the id holds (a line break in
     * an id written as a block scalar).
     */
    private static int duplicateOtherLine(String id, String message) {
        String prefix = duplicatePrefix(id);
        if (!message.startsWith(prefix) || !message.endsWith(DUPLICATE_END)) {
            return -1;
        }
        try {
            return Integer.parseInt(message.substring(prefix.length(), message.length() - DUPLICATE_END.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * {@code warnings}, found by {@link #validate}, with the lines their tasks moved to: {@code
     * lineAfter} gives a task's new line for its old one, -1 for a line no task started on. For a
     * splice whose tasks read again kept their ids, dependencies and own problems, these are the
     * warnings a validation would find: ids and dependencies decide the others, and their messages
     * name no line but a duplicate's. Empty if a warning is not at a task's line (a validation
     * then), which a validation's warnings never are. ({@link RoadmapSplice} also moves the reader's
     * warnings of single entries with it, by a {@code lineAfter} that moves every line.)
     */
    static Optional<List<RoadmapWarning>> moved(List<RoadmapWarning> warnings, IntUnaryOperator lineAfter) {
        List<RoadmapWarning> moved = new ArrayList<>(warnings.size());
        for (RoadmapWarning w : warnings) {
            int line = lineAfter.applyAsInt(w.line());
            if (line < 0) {
                return Optional.empty();
            }
            String message = w.message();
            int otherLine = w.taskId() == null ? -1 : duplicateOtherLine(w.taskId(), message);
            if (otherLine >= 0) {
                int other = lineAfter.applyAsInt(otherLine);
                if (other < 0) {
                    return Optional.empty();
                }
                message = duplicate(w.taskId(), other);
            }
            moved.add(line == w.line() && message.equals(w.message()) ? w : new RoadmapWarning(w.taskId(), line, message));
        }
        return Optional.of(moved);
    }

    /** Whether a task read again has the problems of its own it had as {@code was}: the same messages. */
    static boolean sameProblemsOfItsOwn(RoadmapTask was, RoadmapTask now) {
        return messages(problemsOfItsOwn(now)).equals(messages(problemsOfItsOwn(was)));
    }

    private static List<String> messages(List<RoadmapWarning> warnings) {
        return warnings.stream().map(RoadmapWarning::message).toList();
    }

    /**
     * The problems a task has whatever the other tasks are: an id with a control character, an
     * empty dependency, a count that is not one, a bad ownership entry, a status wvo does not
     * know. (The others, duplicate ids, unknown dependencies and cycles, depend only on the
     * tasks' ids and dependencies.)
     */
    static List<RoadmapWarning> problemsOfItsOwn(RoadmapTask t) {
        List<RoadmapWarning> warnings = new ArrayList<>();
        if (t.id().codePoints().anyMatch(RoadmapValidator::isControl)) {
            warnings.add(new RoadmapWarning(t.id(), t.line(), "its id has a control character, which a terminal "
                    + "would act on and nobody can type; rename the task"));
        }
        if (t.dependencies().stream().anyMatch(String::isBlank)) {
            warnings.add(new RoadmapWarning(t.id(), t.line(), "an empty dependency; remove it"));
        }
        countProblem(t, "max_attempts", 1).ifPresent(problem -> warnings.add(new RoadmapWarning(t.id(), t.line(),
                problem + " (or remove it for the default, " + RoadmapTask.DEFAULT_MAX_ATTEMPTS + ")")));
        countProblem(t, "attempts", 0).ifPresent(problem -> warnings.add(new RoadmapWarning(t.id(), t.line(),
                problem + " (or remove it if none was made)")));
        Object budget = t.fields().get("budget");
        if (budget != null) {
            Budget.problemOf(String.valueOf(budget)).ifPresent(problem -> warnings.add(new RoadmapWarning(t.id(),
                    t.line(), "budget " + problem + " (or remove it for budget.task of config.yaml)")));
        }
        for (String entry : t.owns()) {
            // one bad entry keeps its own task from running, never the others
            OwnershipPaths.problemOf(entry).ifPresent(problem -> warnings.add(new RoadmapWarning(t.id(), t.line(),
                    "owns '" + entry + "': " + problem + "; fix the entry")));
        }
        if (t.fields().containsKey("<<")) {
            // YAML 1.1's merge key: the reader keeps each task's own entries as written and does not
            // merge, so the task would run without what it merges (its command, its owns: no ownership
            // locks, its dependencies)
            warnings.add(new RoadmapWarning(t.id(), t.line(), "a YAML merge key (<<), which wvo does not apply: the "
                    + "task would run without the fields it merges (command, owns, dependencies); write them out in "
                    + "the task"));
        }
        if (!RoadmapTask.KNOWN_STATUSES.contains(t.status())) {
            warnings.add(new RoadmapWarning(t.id(), t.line(), "status '" + t.status() + "' is not one wvo runs ("
                    + String.join(", ", RoadmapTask.KNOWN_STATUSES.stream().sorted().toList())
                    + "); it is kept as written"));
        }
        return warnings;
    }

    /** Why a count of the entry ({@code attempts}, {@code max_attempts}) is not one, if it is set and is not. */
    private static Optional<String> countProblem(RoadmapTask t, String key, int least) {
        Object value = t.fields().get(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = String.valueOf(value).strip();
        if (WHOLE_NUMBER.matcher(text).matches() && Integer.parseInt(text) >= least) {
            return Optional.empty();
        }
        return Optional.of(key + " '" + text + "' is not a count: use a whole number of at least " + least);
    }

    /** C0, DEL and C1 controls: what a terminal acts on instead of showing. */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** Longer cycles are named by their first and last members; every member is named in its own entry's dependencies. */
    private static final int NAMED_IN_FULL = 12;

    private static String describe(List<String> cycle) {
        List<String> shown = new ArrayList<>(cycle);
        if (cycle.size() > NAMED_IN_FULL) {
            shown = new ArrayList<>(cycle.subList(0, NAMED_IN_FULL - 2));
            shown.add("... " + (cycle.size() - NAMED_IN_FULL + 1) + " more ...");
            shown.add(cycle.get(cycle.size() - 1));
        }
        shown.add(cycle.get(0));
        return (cycle.size() > NAMED_IN_FULL ? "of " + cycle.size() + " tasks " : "") + String.join(" -> ", shown);
    }

    /** The cycle turned to start at the member that comes first in the file. */
    private static List<String> fromFirstInFile(List<String> cycle, Map<String, RoadmapTask> byId) {
        int top = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (byId.get(cycle.get(i)).line() < byId.get(cycle.get(top)).line()) {
                top = i;
            }
        }
        List<String> turned = new ArrayList<>(cycle.subList(top, cycle.size()));
        turned.addAll(cycle.subList(0, top));
        return turned;
    }

    /**
     * Each cycle once: a depth-first search over the first entry of each id, which reports a cycle
     * at every edge back into the current path. Iterative, so that a chain of dependencies as long
     * as the roadmap cannot overflow the stack.
     */
    private static List<List<String>> cycles(Map<String, RoadmapTask> byId) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        List<String> path = new ArrayList<>();
        Map<String, Integer> onPath = new HashMap<>();
        Deque<Iterator<String>> next = new ArrayDeque<>();
        for (String start : byId.keySet().stream().sorted().toList()) {
            if (done.contains(start)) {
                continue;
            }
            enter(start, byId, path, onPath, next);
            while (!next.isEmpty()) {
                Iterator<String> deps = next.peek();
                if (!deps.hasNext()) {
                    String finished = path.remove(path.size() - 1);
                    onPath.remove(finished);
                    done.add(finished);
                    next.pop();
                    continue;
                }
                String dep = deps.next();
                if (done.contains(dep) || !byId.containsKey(dep)) {
                    continue;
                }
                Integer at = onPath.get(dep);
                if (at != null) {
                    cycles.add(List.copyOf(path.subList(at, path.size())));
                } else {
                    enter(dep, byId, path, onPath, next);
                }
            }
        }
        return cycles;
    }

    private static void enter(String id, Map<String, RoadmapTask> byId, List<String> path, Map<String, Integer> onPath,
                              Deque<Iterator<String>> next) {
        onPath.put(id, path.size());
        path.add(id);
        next.push(byId.get(id).dependencies().iterator());
    }
}
