package dev.wvo.roadmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the problems of single entries that real roadmaps have: duplicate ids, dependencies on
 * ids that do not exist, dependency cycles, and statuses wvo does not know. None stops the file
 * from loading; each keeps its entries from running until it is fixed.
 */
final class RoadmapValidator {

    private RoadmapValidator() {
    }

    static List<RoadmapWarning> validate(List<RoadmapTask> tasks) {
        List<RoadmapWarning> warnings = new ArrayList<>();
        Map<String, RoadmapTask> first = new HashMap<>();
        for (RoadmapTask t : tasks) {
            RoadmapTask earlier = first.putIfAbsent(t.id(), t);
            if (earlier != null) {
                String message = "duplicate id " + t.id() + " (also at line " + earlier.line() + "); rename one of them";
                warnings.add(new RoadmapWarning(t.id(), t.line(), message));
                warnings.add(new RoadmapWarning(t.id(), earlier.line(), "duplicate id " + t.id() + " (also at line "
                        + t.line() + "); rename one of them"));
            }
        }
        for (RoadmapTask t : tasks) {
            for (String dep : t.dependencies()) {
                if (!first.containsKey(dep)) {
                    warnings.add(new RoadmapWarning(t.id(), t.line(), "depends on unknown task " + dep
                            + "; fix the id or remove the dependency"));
                }
            }
            if (!RoadmapTask.KNOWN_STATUSES.contains(t.status())) {
                warnings.add(new RoadmapWarning(t.id(), t.line(), "status '" + t.status() + "' is not one wvo runs ("
                        + String.join(", ", RoadmapTask.KNOWN_STATUSES.stream().sorted().toList())
                        + "); it is kept as written"));
            }
        }
        for (List<String> cycle : cycles(first)) {
            for (String id : cycle) {
                RoadmapTask t = first.get(id);
                warnings.add(new RoadmapWarning(id, t.line(), "dependency cycle " + String.join(" -> ", cycle) + " -> "
                        + cycle.get(0) + "; remove one of these dependencies"));
            }
        }
        return warnings;
    }

    /** Each cycle once, found by depth-first search over the first entry of each id. */
    private static List<List<String>> cycles(Map<String, RoadmapTask> byId) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : byId.keySet().stream().sorted().toList()) {
            walk(start, byId, new ArrayList<>(), new HashSet<>(), done, cycles);
        }
        return cycles;
    }

    private static void walk(String id, Map<String, RoadmapTask> byId, List<String> path, Set<String> onPath,
                             Set<String> done, List<List<String>> cycles) {
        if (done.contains(id) || !byId.containsKey(id)) {
            return;
        }
        if (onPath.contains(id)) {
            cycles.add(List.copyOf(path.subList(path.indexOf(id), path.size())));
            return;
        }
        path.add(id);
        onPath.add(id);
        for (String dep : byId.get(id).dependencies()) {
            walk(dep, byId, path, onPath, done, cycles);
        }
        path.remove(path.size() - 1);
        onPath.remove(id);
        done.add(id);
    }
}
