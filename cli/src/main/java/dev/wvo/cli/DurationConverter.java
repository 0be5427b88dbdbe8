package dev.wvo.cli;

import dev.wvo.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Duration options, read as config.yaml reads durations ({@link Durations}): {@code 30s}, {@code 1m30s}, {@code PT30S}. */
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
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
