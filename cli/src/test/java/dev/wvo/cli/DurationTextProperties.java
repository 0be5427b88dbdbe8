package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tables print, the duration option reads back, to the precision printed. */
class DurationTextProperties {

    @Property
    void underASecond_roundTripsExactly(@ForAll @LongRange(min = 0, max = 999) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(DurationConverter.parse(DurationText.format(d))).isEqualTo(d);
    }

    @Property
    void underAnHour_roundTripsToTheSecond(@ForAll @LongRange(min = 1000, max = 3_599_999) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(DurationConverter.parse(DurationText.format(d))).isEqualTo(Duration.ofSeconds(d.toSeconds()));
    }

    @Property
    void anyLength_readsBackNoLongerThanItWasAndWithinItsPrecision(@ForAll @LongRange(min = 0, max = 400L * 86_400_000) long millis) {
        Duration d = Duration.ofMillis(millis);
        Duration back = DurationConverter.parse(DurationText.format(d));
        Duration precision = d.toHours() >= 24 ? Duration.ofHours(1) : d.toHours() >= 1 ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
        assertThat(back).isLessThanOrEqualTo(d);
        assertThat(d.minus(back)).isLessThan(precision);
    }
}
