package dev.wvo.roadmap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The check a transaction's read makes of the bytes that changed reads eight at a time, and answers as a byte at a time does. */
class RoadmapReaderAsciiProperties {

    record Stretch(byte[] bytes, int from, int to) {
    }

    @Property(tries = 2000)
    void isAsciiText_answersAsTheByteLoop(@ForAll("stretches") Stretch s) {
        boolean expected = byteByByte(s.bytes(), s.from(), s.to());
        Statistics.collect(expected ? "ASCII text" : "not", s.to() - s.from() >= Long.BYTES ? "a word or more" : "under a word");
        assertThat(RoadmapReader.isAsciiText(s.bytes(), s.from(), s.to())).isEqualTo(expected);
    }

    private static boolean byteByByte(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Mostly ASCII text, with now and then a NUL, a byte of a UTF-8 sequence or 0x7F/0x80/0xFF put anywhere, word-aligned or not. */
    @Provide
    Arbitrary<Stretch> stretches() {
        Arbitrary<Byte> text = Arbitraries.frequencyOf(
                Tuple.of(60, Arbitraries.bytes().between((byte) 1, (byte) 0x7F)),
                Tuple.of(1, Arbitraries.of((byte) 0, (byte) 0x80, (byte) 0xFF, (byte) 0xC3, (byte) 0xA9, (byte) 0x01)));
        return text.list().ofMaxSize(80).flatMap(list -> {
            byte[] bytes = toArray(list);
            return Combinators.combine(Arbitraries.integers().between(0, bytes.length), Arbitraries.integers().between(0, bytes.length))
                    .as((a, b) -> new Stretch(bytes, Math.min(a, b), Math.max(a, b)));
        });
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
        }
        return bytes;
    }
}
