package dev.wvo.conflict;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TestPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"src/test/java/dev/wvo/AppTest.java", "core/AppTest.java", "core/AppTests.java",
            "core/StoreIT.java", "pkg/server_test.go", "test_app.py", "pkg/app_test.py", "conftest.py",
            "web/__tests__/button.js", "web/button.test.ts", "web/button.spec.tsx", "spec/models/user_spec.rb",
            "tests/integration.rs", "test/fixtures/data.json"})
    void conventionalTestPaths_areTests(String path) {
        assertThat(TestPaths.isTest(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"src/main/java/dev/wvo/App.java", "src/main/java/dev/wvo/Testing.java", "pkg/server.go",
            "app.py", "contest.py", "web/button.ts", "latest/notes.md", "src/attestation.go"})
    void otherPaths_areNotTests(String path) {
        assertThat(TestPaths.isTest(path)).isFalse();
    }
}
