package dev.wvo.plugins.notifydesktop;

import dev.wvo.spi.Executables;
import dev.wvo.spi.Notification;
import dev.wvo.spi.Notifier;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Shows a notification on the desktop with {@code notify-send} (libnotify), as argv:
 * {@code notify-send --app-name=wvo --urgency=U TITLE TEXT}. Settings: {@code executable}
 * (default {@code notify-send}), {@code urgency} ({@code low}, {@code normal}, {@code critical};
 * default critical for a task that needs a person and a stuck merge queue, normal otherwise).
 * Where {@code notify-send} is missing, or finds no desktop session, the worker is told once what
 * to install or use instead.
 */
@Extension
public class DesktopNotifier implements Notifier {

    private static final Set<String> URGENT = Set.of("needs-attention", "merge-stuck");
    private static final Set<String> URGENCIES = Set.of("low", "normal", "critical");
    private static final long TIMEOUT_SECONDS = 10;

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public void send(Notification notification, Map<String, String> settings) throws IOException {
        String executable = settings.getOrDefault("executable", "notify-send");
        Optional<Path> program = Executables.find(executable, System.getenv());
        if (program.isEmpty()) {
            throw new IOException("`" + executable + "` is not installed here, so nothing shows on the desktop: install "
                    + "libnotify-bin (apt-get install libnotify-bin; on macOS use the webhook notifier or a command), or "
                    + "set notify.notifiers.desktop.executable");
        }
        String urgency = settings.getOrDefault("urgency", URGENT.contains(notification.kind()) ? "critical" : "normal");
        if (!URGENCIES.contains(urgency)) {
            throw new IOException("notify.notifiers.desktop.urgency is '" + urgency + "'; it must be low, normal or critical");
        }
        Process p = new ProcessBuilder(List.of(program.get().toString(), "--app-name=wvo", "--urgency=" + urgency,
                notification.title(), notification.text())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(executable + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + executable + " ran", e);
        }
        if (p.exitValue() != 0) {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException(executable + " failed with status " + p.exitValue() + (said.isEmpty() ? "" : ": " + said)
                    + " (is there a desktop session? Without one, use the webhook notifier or a command)");
        }
    }
}
