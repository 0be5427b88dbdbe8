package dev.wvo.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest {

    @Test
    void split_quotedWordsStayWhole() {
        assertThat(ShellWords.split("--append-system-prompt 'be brief'  --max-turns 3"))
                .containsExactly("--append-system-prompt", "be brief", "--max-turns", "3");
    }

    @Test
    void split_doubleQuotesKeepEscapedQuotesAndBackslashes() {
        assertThat(ShellWords.split("-c 'model=\"o3\"' \"say \\\"hi\\\" to $HOME\" a\\ b"))
                .containsExactly("-c", "model=\"o3\"", "say \"hi\" to $HOME", "a b");
    }

    @Test
    void split_nothingIsExpanded_andEmptyQuotesAreAnArgument() {
        assertThat(ShellWords.split("~/x *.txt $HOME ''")).containsExactly("~/x", "*.txt", "$HOME", "");
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void split_unclosedQuote_isAClearError() {
        assertThatThrownBy(() -> ShellWords.split("--append-system-prompt 'be brief"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single quote at character 24").hasMessageContaining("is not closed");
        assertThatThrownBy(() -> ShellWords.split("say \"hi")).hasMessageContaining("double quote at character 5");
        assertThatThrownBy(() -> ShellWords.split("oops\\")).hasMessageContaining("ends with a backslash");
    }

    @Test
    void join_quotesOnlyWhatNeedsIt() {
        assertThat(ShellWords.join(List.of("--model", "opus", "be brief", "it's", "")))
                .isEqualTo("--model opus 'be brief' 'it'\\''s' ''");
    }
}
