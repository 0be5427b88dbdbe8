package dev.wvo.plugins.notifydesktop;

import dev.wvo.spi.Notification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The desktop notifier with a recording stand-in for notify-send (no desktop session here), and without it. */
class DesktopNotifierTest {

    private static final Notification NOTE = new Notification("needs-attention", "wvo: T3 needs a person",
            "T3 is blocked", Instant.parse("2026-12-05T10:00:00Z"), "{}");

    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path s = dir.resolve("notify-send");
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    @Test
    void runsNotifySend_withTheTitleAndText_asArgv_urgentForATaskThatNeedsAPerson() throws Exception {
        Path args = dir.resolve("args");
        Path s = script("for a in \"$@\"; do echo \"$a\" >> " + args + "; done\n");

        new DesktopNotifier().send(NOTE, Map.of("executable", s.toString()));

        assertThat(Files.readAllLines(args)).containsExactly("--app-name=wvo", "--urgency=critical",
                "wvo: T3 needs a person", "T3 is blocked");
    }

    @Test
    void withoutNotifySend_orADesktop_saysWhatToInstallOrUseInstead() throws Exception {
        assertThatThrownBy(() -> new DesktopNotifier().send(NOTE, Map.of("executable", "no-such-notify-send")))
                .isInstanceOf(IOException.class).hasMessageContaining("is not installed here")
                .hasMessageContaining("libnotify-bin");
        Path failing = script("echo 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1\n");
        assertThatThrownBy(() -> new DesktopNotifier().send(NOTE, Map.of("executable", failing.toString())))
                .hasMessageContaining("failed with status 1: Cannot autolaunch D-Bus")
                .hasMessageContaining("use the webhook notifier or a command");
    }
}
