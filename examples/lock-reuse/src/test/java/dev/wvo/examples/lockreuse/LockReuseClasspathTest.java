package dev.wvo.examples.lockreuse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reusing the lock library brings nothing of wvo's heavy stack. The test class path holds the
 * module's runtime class path plus test libraries, so what is missing here is missing at run time.
 */
class LockReuseClasspathTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "org.eclipse.jgit.api.Git",
            "org.pf4j.PluginManager",
            "picocli.CommandLine",
            "org.jline.terminal.Terminal",
            "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "org.apache.commons.io.FileUtils"})
    void heavyLibrary_isNotOnTheClassPath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void lockLibrary_isOnTheClassPath() throws ClassNotFoundException {
        assertThat(Class.forName("dev.wvo.lock.LockManager")).isInterface();
        assertThat(Class.forName("dev.wvo.lock.FileLockManager")).isNotNull();
    }
}
