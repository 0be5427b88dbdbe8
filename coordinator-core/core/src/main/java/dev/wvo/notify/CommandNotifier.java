package dev.wvo.notify;

import dev.wvo.spi.Notification;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code notify.commands}: each runs as argv (never through a shell) in the state directory,
 * with the notification as JSON on standard input and {@code WVO_NOTIFY_KIND} and
 * {@code WVO_NOTIFY_TITLE} in its environment; its output is discarded, and one that runs longer
 * than {@link #TIMEOUT} is stopped with its children.
 */
final class CommandNotifier {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<List<String>> commands;
    private final Path directory;

    CommandNotifier(List<List<String>> commands, Path directory) {
        this.commands = commands;
        this.directory = directory;
    }

    /** Runs every command with the notification; returns what went wrong, one line each. */
    List<String> send(Notification notification) {
        List<String> problems = new ArrayList<>();
        for (List<String> argv : commands) {
            try {
                ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("WVO_NOTIFY_KIND", notification.kind());
                builder.environment().put("WVO_NOTIFY_TITLE", notification.title());
                Process p = builder.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(notification.json().getBytes(StandardCharsets.UTF_8));
                    in.write('\n');
                } catch (IOException e) {
                    // a command that does not read its input closes it early: that is its business
                }
                if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    problems.add("the notify command " + argv.get(0) + " ran longer than " + TIMEOUT.toSeconds()
                            + " s and was stopped");
                } else if (p.exitValue() != 0) {
                    problems.add("the notify command " + argv.get(0) + " exited with status " + p.exitValue());
                }
            } catch (IOException e) {
                problems.add("the notify command " + argv.get(0) + " cannot start: " + e.getMessage()
                        + " (check notify.commands in config.yaml)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return problems;
            }
        }
        return problems;
    }
}
