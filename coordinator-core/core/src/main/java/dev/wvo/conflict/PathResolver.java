package dev.wvo.conflict;

import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Decides the suggestion for one path touched by several attempts (rules in {@link ConflictDetector}). */
final class PathResolver {

    private final String path;
    private final List<Touch> touches;
    private final List<AttemptId> attempts;
    private final BaseLookup lookup;

    PathResolver(String path, List<Touch> touches, BaseLookup lookup) {
        this.path = path;
        this.touches = touches;
        this.attempts = touches.stream().map(Touch::attempt).toList();
        this.lookup = lookup;
    }

    ArtifactConflict resolve() throws IOException {
        List<Touch> deleting = touches.stream().filter(t -> t.file().isDeleted()).toList();
        if (deleting.size() == touches.size()) {
            return suggest(Resolution.NONE_NEEDED, null, null, List.of(), "every attempt deleted it");
        }
        if (!deleting.isEmpty()) {
            return suggest(Resolution.ESCALATE, null, null, List.of(), "deleted by " + names(deleting)
                    + " but changed by " + names(touches.stream().filter(t -> !t.file().isDeleted()).toList()));
        }
        List<byte[]> contents = touches.stream().map(t -> t.file().content()).toList();
        if (contents.stream().allMatch(c -> Arrays.equals(c, contents.get(0)))) {
            return suggest(Resolution.NONE_NEEDED, null, null, List.of(), "all " + touches.size()
                    + " attempts left identical content");
        }
        if (contents.stream().anyMatch(RawText::isBinary)) {
            return suggest(Resolution.ESCALATE, null, null, List.of(), "binary content differs between "
                    + names(touches) + "; choose one version by hand");
        }
        BaseChoice base = chooseBase();
        List<RawText> texts = contents.stream().map(RawText::new).toList();
        RawText baseText = base.content() == null ? null : new RawText(base.content());

        for (int k = 0; k < texts.size(); k++) {
            if (containsAllOthers(texts, k, baseText)) {
                return suggest(Resolution.TAKE_SUPERSET, attempts.get(k), contents.get(k), List.of(),
                        attempts.get(k) + "'s version contains every other version" + base.note());
            }
        }
        if (baseText == null) {
            return suggest(Resolution.ESCALATE, null, null, differences(texts),
                    "no common base is known" + base.note() + " and no version contains the others;"
                            + " block the task and reconcile by hand");
        }
        Optional<byte[]> merged = fold(baseText, texts, false);
        if (merged.isPresent()) {
            for (int k = 0; k < contents.size(); k++) {
                if (Arrays.equals(merged.get(), contents.get(k))) {
                    return suggest(Resolution.TAKE_SUPERSET, attempts.get(k), contents.get(k), List.of(),
                            "merging the changes gives " + attempts.get(k) + "'s version");
                }
            }
            return suggest(Resolution.THREE_WAY_MERGE, null, merged.get(), List.of(),
                    "the attempts changed different parts of the common base");
        }
        if (TestPaths.isTest(path) && baseText.size() > 0) {
            Optional<byte[]> union = fold(baseText, texts, true);
            if (union.isPresent()) {
                return suggest(Resolution.UNION, null, union.get(), List.of(),
                        "a test file to which the attempts only added lines, some at the same place; keeping all,"
                                + " in attempt order");
            }
        }
        List<ConflictRegion> regions = clashes(baseText, texts);
        String where = regions.isEmpty()
                ? "changes clash only when all " + texts.size() + " versions are combined"
                : regions.stream().map(ConflictRegion::toString).collect(Collectors.joining("; "));
        return suggest(Resolution.ESCALATE, null, null, regions,
                "overlapping changes to the common base (" + where + "); block the task and record the conflict");
    }

    private boolean containsAllOthers(List<RawText> texts, int k, RawText base) {
        for (int j = 0; j < texts.size(); j++) {
            if (j != k && !TextVersions.contains(texts.get(k), texts.get(j), base)) {
                return false;
            }
        }
        return true;
    }

    /*
     * A three-way merge with one base takes two versions; more are merged by folding: the result
     * of the first two, merged with the third over the same base, and so on. The fold holds every
     * attempt's changes, so a later version clashes with it exactly where it clashes with one of
     * the earlier changes.
     */
    private static Optional<byte[]> fold(RawText base, List<RawText> texts, boolean unionOfInsertions) {
        RawText accumulated = texts.get(0);
        byte[] merged = null;
        for (int j = 1; j < texts.size(); j++) {
            ThreeWayMerge merge = ThreeWayMerge.of(base, accumulated, texts.get(j));
            boolean acceptable = unionOfInsertions ? merge.onlyInsertionsClash() : merge.isClean();
            if (!acceptable) {
                return Optional.empty();
            }
            merged = merge.merged();
            accumulated = new RawText(merged);
        }
        return Optional.of(merged);
    }

    private List<ConflictRegion> clashes(RawText base, List<RawText> texts) {
        List<ConflictRegion> regions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                for (ThreeWayMerge.Clash clash : ThreeWayMerge.of(base, texts.get(i), texts.get(j)).clashes()) {
                    regions.add(new ConflictRegion(attempts.get(i), attempts.get(j), clash.base(), clash.left(),
                            clash.right()));
                }
            }
        }
        return regions;
    }

    private List<ConflictRegion> differences(List<RawText> texts) {
        List<ConflictRegion> regions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                for (Edit edit : TextVersions.diff(texts.get(i), texts.get(j))) {
                    regions.add(new ConflictRegion(attempts.get(i), attempts.get(j), null,
                            LineRange.ofIndexes(edit.getBeginA(), edit.getEndA()),
                            LineRange.ofIndexes(edit.getBeginB(), edit.getEndB())));
                }
            }
        }
        return regions;
    }

    private BaseChoice chooseBase() throws IOException {
        List<byte[]> given = touches.stream().map(t -> t.file().base()).filter(b -> b != null).toList();
        if (given.isEmpty()) {
            return new BaseChoice(lookup.baseOf(path).orElse(null), "");
        }
        if (given.stream().allMatch(b -> Arrays.equals(b, given.get(0)))) {
            return new BaseChoice(given.get(0), "");
        }
        return new BaseChoice(null, " (the attempts started from different versions of the file)");
    }

    private ArtifactConflict suggest(Resolution resolution, AttemptId chosen, byte[] resolved,
                                     List<ConflictRegion> regions, String detail) {
        return new ArtifactConflict(path, attempts, resolution, chosen, resolved, regions, detail);
    }

    private static String names(List<Touch> touches) {
        return touches.stream().map(t -> t.attempt().toString()).collect(Collectors.joining(", "));
    }

    /** One attempt's version of the path. */
    record Touch(AttemptId attempt, ChangedFile file) {
    }

    /** The base used, and a note for the detail if the attempts' own bases disagreed. */
    private record BaseChoice(byte[] content, String note) {
    }
}
