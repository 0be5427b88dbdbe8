package dev.wvo.cli.shell;

import org.apache.commons.io.output.WriterOutputStream;
import org.awaitility.Awaitility;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;


/**
 * An xterm made of streams whose output is played on JLine's VT100 emulator, so a test reads the
 * screen as a person sees it (what is drawn in place, not the bytes that drew it) and types keys.
 */
final class VirtualTerminal implements AutoCloseable {

    private final ScreenTerminal screen;
    private final PipedOutputStream keys = new PipedOutputStream();
    private final Terminal terminal;

    VirtualTerminal(int columns, int rows) throws IOException {
        screen = new ScreenTerminal(columns, rows);
        Writer toScreen = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                screen.write(new String(chars, offset, length));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        WriterOutputStream output = WriterOutputStream.builder().setWriter(toScreen).setCharset(StandardCharsets.UTF_8)
                .setWriteImmediately(true).get();
        terminal = TerminalBuilder.builder().system(false).type("xterm-256color").size(new Size(columns, rows))
                .streams(new PipedInputStream(keys), output).build();
    }

    Terminal terminal() {
        return terminal;
    }

    /** The screen's text now, one line per row. */
    String screen() {
        return screen.toString();
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Waits until the screen shows what {@code condition} wants; answers that screen. */
    String await(String what, Predicate<String> condition) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(this::screen, condition::test);
    }

    @Override
    public void close() throws IOException {
        keys.close();
        terminal.close();
    }
}
