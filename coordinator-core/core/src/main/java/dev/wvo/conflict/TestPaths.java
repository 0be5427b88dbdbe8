package dev.wvo.conflict;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises test files by the path conventions of the common ecosystems. A directory rule
 * matches anywhere in the path; a file rule matches the file name.
 *
 * <ul>
 *   <li>directories: {@code src/test/}, {@code test/}, {@code tests/}, {@code __tests__/},
 *       {@code spec/}, {@code testdata/}</li>
 *   <li>Java, Kotlin, Scala, C#: {@code *Test}, {@code *Tests}, {@code *IT}, {@code *Spec} before
 *       the extension</li>
 *   <li>Go {@code *_test.go}; Python {@code test_*.py}, {@code *_test.py}, {@code conftest.py};
 *       Ruby {@code *_spec.rb}, {@code *_test.rb}</li>
 *   <li>JavaScript and TypeScript {@code *.test.*} and {@code *.spec.*} ({@code js jsx ts tsx mjs cjs})</li>
 * </ul>
 */
public final class TestPaths {

    private static final List<String> TEST_DIRECTORIES = List.of("src/test/", "test/", "tests/", "__tests__/",
            "spec/", "testdata/");
    private static final Pattern TEST_FILE = Pattern.compile(
            ".*(Test|Tests|IT|Spec)\\.(java|kt|kts|scala|groovy|cs)"
                    + "|.*_test\\.go"
                    + "|test_.*\\.py|.*_test\\.py|conftest\\.py"
                    + "|.*_(spec|test)\\.rb"
                    + "|.*\\.(test|spec)\\.(js|jsx|ts|tsx|mjs|cjs)");

    private TestPaths() {
    }

    /** True if {@code path} (relative, {@code /}-separated) is a test file by convention. */
    public static boolean isTest(String path) {
        String withSlashes = "/" + path.replace('\\', '/');
        for (String directory : TEST_DIRECTORIES) {
            if (withSlashes.contains("/" + directory)) {
                return true;
            }
        }
        String name = withSlashes.substring(withSlashes.lastIndexOf('/') + 1);
        return TEST_FILE.matcher(name).matches();
    }
}
