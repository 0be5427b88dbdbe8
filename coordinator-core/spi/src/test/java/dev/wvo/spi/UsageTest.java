package dev.wvo.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageTest {

    @Test
    void plus_sumsTokensAndCosts_andKeepsACostOnlyWhenOneWasReported() {
        Usage claude = new Usage("claude-opus-4-8", 10, 5, 100, 20, 0.25);
        Usage codex = new Usage("gpt-5.5", 7, 3, 40, 0, null);
        Usage sum = claude.plus(codex);
        assertThat(sum).isEqualTo(new Usage("claude-opus-4-8+gpt-5.5", 17, 8, 140, 20, 0.25));
        assertThat(sum.totalTokens()).isEqualTo(185);
        assertThat(codex.plus(codex).costUsd()).isNull();
        assertThat(Usage.NONE.plus(claude)).isEqualTo(claude);
        assertThat(Usage.NONE.isEmpty()).isTrue();
        assertThat(claude.plus(claude).model()).isEqualTo("claude-opus-4-8");
        assertThat(sum.plus(claude).plus(codex).model()).isEqualTo("claude-opus-4-8+gpt-5.5");
    }

    @Test
    void negativeTokens_areRefused() {
        assertThatThrownBy(() -> new Usage(null, -1, 0, 0, 0, null)).hasMessageContaining("cannot be negative");
    }
}
