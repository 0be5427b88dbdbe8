package dev.wvo.events;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventCodecProperties {

    @Property
    void encode_isOneLine_andDecodesToTheSameEvent(@ForAll("text") String worker, @ForAll("text") String task,
                                                   @ForAll @IntRange(min = 1, max = 1000) int attempt,
                                                   @ForAll("details") Map<String, Object> details,
                                                   @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int nanosOffset) {
        Event event = new Event(Instant.parse("2026-01-01T00:00:00Z").plusNanos(nanosOffset), "claim", worker, task,
                attempt, details);

        byte[] line = EventCodec.encode(event);

        assertThat(line).doesNotContain((byte) '\n');
        assertThat(EventCodec.decode(new String(line, StandardCharsets.UTF_8))).isEqualTo(event);
    }

    @Provide
    Arbitrary<String> text() {
        // Any Unicode text a worker might write: control characters, quotes, line feeds, emoji.
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(40),
                Arbitraries.of("\n", "\r\n", "\"", "\\", "\uD83D\uDE00 done", "T-1\nT-2"));
    }

    @Provide
    Arbitrary<Map<String, Object>> details() {
        Arbitrary<Object> value = Arbitraries.oneOf(
                text().map(s -> s),
                Arbitraries.integers().map(i -> i),
                Arbitraries.of(true, false).map(b -> b),
                text().list().ofMaxSize(4).map(l -> l));
        return Arbitraries.maps(text(), value).ofMaxSize(6);
    }
}
