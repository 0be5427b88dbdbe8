package dev.wvo.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resource names of every kind become one safe file inside the lock directory. */
class ResourceNamesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"src/app/Login.tsx", "roadmap", "task:T1.2", "__global__", "Überprüfung/日本語/😀",
            "../../etc/passwd", "/etc/passwd", "a\u0000b", "..", ".", ".hidden", "C:\\Windows\\x", "a b\tc\n",
            "%41", "~tilde", "name.lock", "x.guard"})
    void readableNames_roundTripAndStayInside(String resource) throws Exception {
        String encoded = ResourceNames.encode(resource);
        assertThat(encoded).matches("[A-Za-z0-9_%\\-][A-Za-z0-9_%.\\-]*");
        assertThat(ResourceNames.decode(encoded)).contains(resource);
        assertThat(dir.resolve(encoded).normalize().getParent()).isEqualTo(dir);
        try (FileLockManager m = FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build()) {
            LockHandle h = m.tryAcquire(resource, LockMode.EXCLUSIVE).orElseThrow();
            assertThat(m.inspect()).extracting(LockInfo::resource).containsExactly(resource);
            h.release();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all).allMatch(p -> p.startsWith(dir.resolve("locks")) || p.equals(dir));
        }
    }

    @Test
    void longNames_areShortenedWithDigest_andOriginalKeptInRecord() {
        String long1 = "a".repeat(300);
        String long2 = "a".repeat(299) + "b";
        String e1 = ResourceNames.encode(long1);
        String e2 = ResourceNames.encode(long2);
        assertThat(e1).hasSizeLessThanOrEqualTo(ResourceNames.MAX_ENCODED).contains("~").isNotEqualTo(e2);
        assertThat(ResourceNames.decode(e1)).isEmpty();
        try (FileLockManager m = FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build()) {
            m.tryAcquire(long1, LockMode.EXCLUSIVE).orElseThrow();
            m.tryAcquire(long2, LockMode.EXCLUSIVE).orElseThrow();
            assertThat(m.inspect()).extracting(LockInfo::resource).containsExactlyInAnyOrder(long1, long2);
        }
    }

    @Test
    void longUnicodeName_neverSplitsAnEscape() {
        String name = "é".repeat(150);
        String encoded = ResourceNames.encode(name);
        String prefix = encoded.substring(0, encoded.indexOf('~'));
        assertThat(prefix).matches("(%[0-9A-F]{2})*");
    }

    @Test
    void emptyName_isRejected() {
        assertThatThrownBy(() -> ResourceNames.encode("")).isInstanceOf(IllegalArgumentException.class);
    }
}
