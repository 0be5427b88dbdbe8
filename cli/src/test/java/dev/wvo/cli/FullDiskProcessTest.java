package dev.wvo.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 21, defect 22: a full disk is said as such, exit 1, with nothing changed. The state lives
 * on a real 1 MiB tmpfs, mounted in a user and mount namespace of its own ({@code unshare -rm}, no
 * root needed where unprivileged user namespaces are allowed), filled to the last byte.
 */
@Tag("process")
@EnabledOnOs(OS.LINUX)
class FullDiskProcessTest {

    @TempDir
    Path dir;

    @Test
    void aWriteOnAFullDisk_saysTheDiskIsFull_andChangesNothing() throws Exception {
        assumeTrue(namespacesAllowed(), "unshare -rm is not allowed here (no unprivileged user namespaces)");
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        String wvo = String.join(" ", wvoCommand());
        String script = String.join("\n",
                "set -u",
                "mount -t tmpfs -o size=1m none \"$1\" || exit 90",
                wvo + " --state \"$1/state\" init >/dev/null || exit 91",
                wvo + " --state \"$1/state\" task add A --title before >/dev/null || exit 92",
                "cp \"$1/state/roadmap.yaml\" \"$2/before.yaml\"",
                "head -c 2000000 /dev/zero > \"$1/filler\" 2>/dev/null",
                wvo + " --state \"$1/state\" task add B --title after 2> \"$2/err\"",
                "echo $? > \"$2/exit\"",
                "cp \"$1/state/roadmap.yaml\" \"$2/after.yaml\"",
                "ls -A \"$1/state\" > \"$2/files\"");
        Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", script, "sh", mount.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("unshare.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("unshare.log"))).isZero();

        assertThat(Files.readString(dir.resolve("exit")).strip()).isEqualTo(Integer.toString(ExitCodes.FAILURE));
        String err = Files.readString(dir.resolve("err"));
        assertThat(err).startsWith("wvo: ").contains("No space left on device", "The disk is full: free space on it "
                + "and run the command again; nothing was changed").doesNotContain("unexpected", "java.");
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(dir.resolve("after.yaml")).hasSameTextualContentAs(dir.resolve("before.yaml"));
        assertThat(Files.readAllLines(dir.resolve("files"))).noneMatch(name -> name.contains(".token-"));
    }

    private static boolean namespacesAllowed() throws Exception {
        Process probe = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static List<String> wvoCommand() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", "'" + System.getProperty("java.class.path") + "'",
                Main.class.getName()));
        return command;
    }
}
