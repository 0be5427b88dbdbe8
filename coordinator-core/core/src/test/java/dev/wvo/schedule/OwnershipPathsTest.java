package dev.wvo.schedule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipPathsTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "src/app/Login.tsx, src/app/Login.tsx, true",
            "./src/app/, src/app, true",
            "src, src/app/Login.tsx, true",
            "src/app, src/lib, false",
            "src/app, src/application, false",
            "src/**, src/app/Login.tsx, true",
            "src/*.ts, src/app/x.ts, false",
            "src/*, src/app/x.ts, true",
            "src/**/*.test.ts, src, true",
            "docs/**, src/app/x.ts, false",
            "**, anything/at/all, true",
            "src/app/**, src/lib/**, false",
            "src/**, src/lib/**, true",
            "README.md, docs/README.md, false",
            // issue 21, defect 5: aliases of one path
            "src//x, src/x, true",
            "src/../src/x, src/x, true",
            "./src/./x/, src/x, true",
            "src/a/../b, src/b, true",
            "., src/x, true",
            // a directory and a glob that matches below it
            "src, **/x.java, true",
            "src/app, src/*/Login.tsx, true",
            "src/lib, src/*/Login.tsx, true",
            "src/app, docs/*/Login.tsx, false",
            "src/app, src/*.tsx, false",
            "src/app/Login.tsx, src/*/Login.tsx, true",
            "src/app/Logout.tsx, src/*/Login.tsx, false",
            "src, '{src,lib}/x', true",
            "docs, '{src,lib}/x', false",
            // an entry that is not valid overlaps everything rather than break the check
            "'{a', src/x, true",
            "/etc/passwd, src/x, true",
    })
    void overlap(String a, String b, boolean expected) {
        assertThat(OwnershipPaths.overlap(a, b)).isEqualTo(expected);
        assertThat(OwnershipPaths.overlap(b, a)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "src//x/, src/x",
            "./src/./x, src/x",
            "src/../lib/x, lib/x",
            "src\\app\\x.ts, src/app/x.ts",
            "., .",
            "src/.., .",
            "../x, ../x",
            "src/../../x, ../x",
            "'{src,lib}/**', '{src,lib}/**'",
    })
    void normalize_givesOneSpellingPerPath(String entry, String normal) {
        assertThat(OwnershipPaths.normalize(entry)).isEqualTo(normal);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource({
            "'{a', not a valid glob",
            "'src/[ab', not a valid glob",
            "/home/me/project/src, an absolute path",
            "C:/work/src, an absolute path",
            "../elsewhere, outside the project",
            "src/../../elsewhere, outside the project",
            "'  ', an empty path",
    })
    void problemOf_namesWhatIsWrong(String entry, String problem) {
        assertThat(OwnershipPaths.problemOf(entry)).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"src/x", "'{src,lib}/**/*.java'", "src/[ab]/x", ".", "docs/../src"})
    void problemOf_acceptsValidEntries(String entry) {
        assertThat(OwnershipPaths.problemOf(entry)).isEmpty();
    }
}
