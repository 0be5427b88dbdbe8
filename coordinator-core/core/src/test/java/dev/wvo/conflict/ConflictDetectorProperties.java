package dev.wvo.conflict;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictDetectorProperties {

    private static final List<String> PATHS = List.of("a.txt", "b/c.java", "src/test/DTest.java", "d.py", "e.md");

    @Property
    void exactlyThePathsTouchedByTwoOrMoreAttempts_areReported_withAllTheirAttempts(
            @ForAll("touches") List<List<Integer>> touchesPerAttempt) throws Exception {
        List<AttemptArtifacts> attempts = new ArrayList<>();
        Map<String, List<AttemptId>> expected = new LinkedHashMap<>();
        for (int a = 0; a < touchesPerAttempt.size(); a++) {
            AttemptId id = new AttemptId("T-" + a, 1);
            List<ChangedFile> files = new ArrayList<>();
            for (int p : touchesPerAttempt.get(a).stream().distinct().toList()) {
                files.add(ChangedFile.changed(PATHS.get(p), bytes("by " + id + "\n")));
                expected.computeIfAbsent(PATHS.get(p), k -> new ArrayList<>()).add(id);
            }
            attempts.add(new AttemptArtifacts(id, files));
        }

        List<ArtifactConflict> conflicts = new ConflictDetector().detect(attempts);

        Map<String, List<AttemptId>> shared = expected.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(conflicts.stream().collect(Collectors.toMap(ArtifactConflict::path, ArtifactConflict::attempts)))
                .isEqualTo(shared);
    }

    @Property
    void editsToSeparateLinesOfACommonBase_alwaysMergeToAllEditsApplied(
            @ForAll @IntRange(min = 2, max = 4) int attemptCount, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        List<String> base = IntStream.range(0, 40).mapToObj(i -> "line " + i).toList();
        List<String> expected = new ArrayList<>(base);
        List<AttemptArtifacts> attempts = new ArrayList<>();
        for (int a = 0; a < attemptCount; a++) {
            List<String> version = new ArrayList<>(base);
            // Attempt a owns lines i with i % (2 * attemptCount) == 2 * a: an untouched line always
            // separates two attempts' edits, so the edits never overlap nor touch.
            for (int i = 2 * a; i < base.size(); i += 2 * attemptCount) {
                if (i == 2 * a || random.nextBoolean()) {
                    version.set(i, "line " + i + " edited by attempt " + a);
                    expected.set(i, version.get(i));
                }
            }
            attempts.add(new AttemptArtifacts(new AttemptId("T-" + a, 1),
                    List.of(ChangedFile.changed("src/App.java", bytes(lines(version)), bytes(lines(base))))));
        }

        ArtifactConflict conflict = new ConflictDetector().detect(attempts).get(0);

        assertThat(conflict.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
        assertThat(new String(conflict.resolved(), StandardCharsets.UTF_8)).isEqualTo(lines(expected));
    }

    @Property
    void aChosenSuperset_containsEveryVersionsLinesInOrder(@ForAll("versions") List<List<String>> versions)
            throws Exception {
        List<AttemptArtifacts> attempts = new ArrayList<>();
        for (int a = 0; a < versions.size(); a++) {
            attempts.add(new AttemptArtifacts(new AttemptId("T-" + a, 1),
                    List.of(ChangedFile.changed("f.txt", bytes(lines(versions.get(a)))))));
        }

        ArtifactConflict conflict = new ConflictDetector().detect(attempts).get(0);

        if (conflict.suggestion() == Resolution.TAKE_SUPERSET) {
            List<String> chosen = Arrays.asList(new String(conflict.resolved(), StandardCharsets.UTF_8).split("\n"));
            versions.forEach(v -> assertThat(isSubsequence(v, chosen)).as("%s within %s", v, chosen).isTrue());
        } else if (versions.stream().distinct().count() == 1) {
            assertThat(conflict.suggestion()).isEqualTo(Resolution.NONE_NEEDED);
        } else {
            assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        }
    }

    @Provide
    Arbitrary<List<List<Integer>>> touches() {
        return Arbitraries.integers().between(0, PATHS.size() - 1).list().ofMaxSize(PATHS.size())
                .list().ofMinSize(2).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<List<String>>> versions() {
        Arbitrary<List<String>> version = Arbitraries.of("a", "b", "c", "d").list().ofMinSize(1).ofMaxSize(6);
        // Often derive the others from the first by deleting lines, so that supersets really occur.
        return Combinators.combine(version, Arbitraries.integers().between(1, 3), Arbitraries.longs())
                .as((first, others, seed) -> {
                    Random random = new Random(seed);
                    List<List<String>> all = new ArrayList<>(List.of(first));
                    for (int i = 0; i < others; i++) {
                        List<String> derived = new ArrayList<>(first);
                        derived.removeIf(line -> random.nextInt(3) == 0);
                        if (derived.isEmpty() || random.nextInt(4) == 0) {
                            derived.add("x" + random.nextInt(3));
                        }
                        all.add(derived);
                    }
                    Collections.shuffle(all, random);
                    return all;
                });
    }

    private static boolean isSubsequence(List<String> inner, List<String> outer) {
        int i = 0;
        for (String line : outer) {
            if (i < inner.size() && inner.get(i).equals(line)) {
                i++;
            }
        }
        return i == inner.size();
    }

    private static String lines(List<String> lines) {
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
