package dev.wvo.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --json}, declared once for every command whose output is data; each command's
 * description says what it prints, and docs/cli.md gives the schema. Printed with {@link dev.wvo.cli.render.Json}.
 */
final class JsonOption {

    private static final String NAME = "--json";
    private static final String DESCRIPTION = "Print JSON instead of text; docs/cli.md gives the schema.";

    @Option(names = NAME, description = DESCRIPTION)
    private boolean on;

    /** The same option for a command built in code ({@link CodeBuiltCommand}), read with {@link CodeBuiltCommand#given}. */
    static OptionSpec codeBuilt() {
        return CodeBuiltCommand.flag(NAME, DESCRIPTION);
    }

    /** Whether {@code --json} was given. */
    boolean on() {
        return on;
    }
}
