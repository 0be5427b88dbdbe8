package dev.wvo.lock;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Any name a user may give maps to one safe file name in the lock directory, reversibly. */
class ResourceNamesProperties {

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(400).filter(ResourceNamesProperties::validUnicode),
                Arbitraries.strings().withChars("./\\%~:*?<>| \u0000\u00e9\u4e2d").ofMinLength(1).ofMaxLength(50),
                Arbitraries.of("src/app/Login.tsx", "roadmap", "task:T1.2", "../../etc/passwd", "/etc/passwd", ".", "..",
                        "__global__", "a\u0000b", "CON", "-rf", "\ud83d\ude00 unicode \u00fcber"));
    }

    @Property(tries = 500)
    void encoding_isFlatSafeAndShort(@ForAll("names") String name) {
        String encoded = ResourceNames.encode(name);
        assertThat(encoded).doesNotContain("/", "\\", "\u0000").doesNotStartWith(".");
        assertThat(encoded).isNotEqualTo(".").isNotEqualTo("..");
        assertThat(encoded.length()).isLessThanOrEqualTo(ResourceNames.MAX_ENCODED + 1 + 40);
        assertThat(encoded.chars().allMatch(c -> c < 128)).isTrue();
        Path dir = Path.of("/state/locks");
        assertThat(dir.resolve(encoded + ".lock").normalize().getParent()).isEqualTo(dir);
    }

    @Property(tries = 500)
    void encoding_isReversible_forNamesThatFit(@ForAll("names") String name) {
        String encoded = ResourceNames.encode(name);
        if (!encoded.contains("~")) {
            assertThat(ResourceNames.decode(encoded)).contains(name);
        }
    }

    @Property(tries = 200)
    void distinctNames_getDistinctFiles(@ForAll @StringLength(min = 1, max = 300) String a,
                                        @ForAll @StringLength(min = 1, max = 300) String b) {
        if (!a.equals(b) && validUnicode(a) && validUnicode(b)) {
            assertThat(ResourceNames.encode(a)).isNotEqualTo(ResourceNames.encode(b));
        }
    }

    @Example
    void longNames_areShortenedWithADigest_andStillLockable() throws Exception {
        String longName = "src/" + "very-long-directory-name/".repeat(12) + "File.tsx";
        assertThat(longName.length()).isGreaterThan(300);
        Path dir = Files.createTempDirectory("wvo-names");
        try (FileLockManager m = FileLockManager.builder(dir).releaseOnShutdown(false).build()) {
            LockHandle h = m.tryAcquire(longName, LockMode.EXCLUSIVE).orElseThrow();
            assertThat(m.inspect()).extracting(LockInfo::resource).containsExactly(longName);
            h.release();
        } finally {
            org.assertj.core.util.Files.delete(dir.toFile());
        }
    }

    @Example
    void emptyName_orBrokenUnicode_isRefused() {
        assertThatThrownBy(() -> ResourceNames.encode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceNames.encode("a\ud800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valid Unicode");
    }

    static boolean validUnicode(String s) {
        return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }
}
