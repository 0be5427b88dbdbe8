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
    })
    void overlap(String a, String b, boolean expected) {
        assertThat(OwnershipPaths.overlap(a, b)).isEqualTo(expected);
        assertThat(OwnershipPaths.overlap(b, a)).isEqualTo(expected);
    }
}
