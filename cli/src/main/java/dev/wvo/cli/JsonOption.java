package dev.wvo.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, declared once for every command whose output is data; each command's
 * description says what it prints, and docs/cli.md gives the schema. Printed with {@link dev.wvo.cli.render.Json}.
 */
final class JsonOption {

    @Option(names = "--json", description = "Print JSON instead of text; docs/cli.md gives the schema.")
    private boolean on;

    /** Whether {@code --json} was given. */
    boolean on() {
        return on;
    }
}
