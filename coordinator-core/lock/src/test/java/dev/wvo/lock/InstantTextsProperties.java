package dev.wvo.lock;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A looked-up instant or text is exactly what {@link Instant#parse} reads or {@link Instant#toString()} writes, however often they repeat or share a slot. */
class InstantTextsProperties {

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> instant = Arbitraries.longs().between(0, 4_102_444_800L)
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos).toString()));
        // few distinct texts, many repeats: what a waiter reading one record again and again sees
        return instant.list().ofMinSize(1).ofMaxSize(8)
                .flatMap(distinct -> Arbitraries.of(distinct).list().ofMinSize(1).ofMaxSize(300));
    }

    @Property(tries = 300)
    void parse_givesWhatInstantParseGives(@ForAll("texts") List<String> texts) {
        InstantTexts instants = new InstantTexts();
        for (String text : texts) {
            assertThat(instants.parse(new String(text))).isEqualTo(Instant.parse(text));
        }
    }

    @Property(tries = 300)
    void text_isWhatToStringWrites(@ForAll("texts") List<String> texts) {
        InstantTexts instants = new InstantTexts();
        for (String text : texts) {
            Instant instant = Instant.parse(text);
            assertThat(instants.text(instant)).isEqualTo(instant.toString());
            assertThat(instants.text(instant.plusNanos(1))).isEqualTo(instant.plusNanos(1).toString());
            assertThat(instants.parse(instants.text(instant))).isEqualTo(instant);
        }
    }

    @Property(tries = 100)
    void text_afterAnotherSpellingWasRead_isStillWhatToStringWrites(@ForAll("texts") List<String> texts) {
        InstantTexts instants = new InstantTexts();
        for (String text : texts) {
            Instant whole = Instant.parse(text).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(100);
            String shorter = whole.toString().replace(".100Z", ".1Z");
            assertThat(instants.parse(shorter)).isEqualTo(whole);
            assertThat(instants.text(whole)).isEqualTo(whole.toString()).isNotEqualTo(shorter);
        }
    }

    @Property(tries = 50)
    void parse_ofANonInstant_throwsAsInstantParseDoes(@ForAll("texts") List<String> texts) {
        InstantTexts instants = new InstantTexts();
        texts.forEach(instants::parse);
        String broken = texts.get(0).replace('T', ' ');
        assertThatThrownBy(() -> instants.parse(broken)).isInstanceOf(DateTimeParseException.class);
    }
}
