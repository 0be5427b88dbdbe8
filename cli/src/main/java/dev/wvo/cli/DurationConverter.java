package dev.wvo.cli;

import dev.wvo.config.DurationSyntax;
import picocli.CommandLine;

import java.time.Duration;

/** Reads duration options as {@link DurationSyntax} does ({@code 500ms}, {@code 30s}, {@code 1m30s}, {@code PT30S}, {@code 0}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws CommandLine.TypeConversionException naming the value and the accepted forms
     */
    public static Duration parse(String value) {
        try {
            return DurationSyntax.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (" + e.getMessage() + "); "
                    + DurationSyntax.FORMS);
        }
    }
}
