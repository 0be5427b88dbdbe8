package dev.wvo.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "30s, PT30S",
            "5m, PT5M",
            "1h, PT1H",
            "2d, PT48H",
            "1m30s, PT1M30S",
            "1h2m3s4ms, PT1H2M3.004S",
            "PT30S, PT30S",
            "pt1m, PT1M",
            "0, PT0S",
            "000, PT0S",
            "0s, PT0S",
            "' 30s ', PT30S"})
    void parse_acceptedForms_giveTheDuration(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "abc", "5x", "1m30", "s", "-5s", "PT-5S", "P", "5 s", "99999999999999999999s", "1.5s"})
    void parse_badInput_isRefusedNamingValueAndAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "' is not a duration")
                .hasMessageContaining("30s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "30"})
    void parse_bareNumber_suggestsAUnit(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text)).hasMessageContaining("no unit; write for example " + text + "s");
    }
}
