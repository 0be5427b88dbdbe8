package dev.wvo.spi;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellWordsProperties {

    /** Whatever the words, joining them and splitting the result gives them back: a YAML list and its string agree. */
    @Property
    void splitOfJoin_givesTheWordsBack(@ForAll @Size(max = 6) List<@StringLength(max = 12)
            @Chars({'a', 'b', ' ', '\'', '"', '\\', '$', '`', '-', '=', '\t', '*', '~'}) String> words) {
        assertThat(ShellWords.split(ShellWords.join(words))).isEqualTo(words);
    }
}
