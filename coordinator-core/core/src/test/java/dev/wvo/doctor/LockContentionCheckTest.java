package dev.wvo.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.wvo.doctor.StateDirectoryCheckTest.only;
import static org.assertj.core.api.Assertions.assertThat;

class LockContentionCheckTest {

    @TempDir
    Path state;

    @Test
    void twoRealProcesses_takeTheLockInTurnsAndNeverTogether() throws Exception {
        List<Finding> findings = LockContentionCheck.ofThisJvm(state, Duration.ofMillis(500)).run();

        Finding check = only(findings, "lock check");
        assertThat(check.status()).as(check.detail()).isEqualTo(Verdict.OK);
        assertThat(check.detail()).matches("2 processes took the lock [1-9]\\d* and [1-9]\\d* times in 500 ms each, never together");
        assertThat(only(findings, "type").detail()).contains(" is on ");
        try (var left = Files.list(state)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("locks");
        }
    }

    @Test
    void locksThatDoNothing_fail() {
        Finding check = only(new LockContentionCheck(state, Duration.ofMillis(500), System.getProperty("java.home") + "/bin/java",
                System.getProperty("java.class.path"), NoLockContender.class.getName()).run(), "lock check");

        assertThat(check.status()).as(check.detail()).isEqualTo(Verdict.FAIL);
        assertThat(check.detail()).containsAnyOf("inside the same exclusive lock at once", "updates lost");
        assertThat(check.fix()).contains("working POSIX locks");
    }

    @Test
    void contendersThatCannotStart_warnWithoutHanging() {
        Finding check = only(new LockContentionCheck(state, Duration.ofMillis(100),
                System.getProperty("java.home") + "/bin/java", state.resolve("no-such-classes").toString()).run(), "lock check");
        assertThat(check.status()).isEqualTo(Verdict.WARN);
        assertThat(check.detail()).startsWith("a check process did not start");
    }
}
