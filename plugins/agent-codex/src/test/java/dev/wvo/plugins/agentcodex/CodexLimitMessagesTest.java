package dev.wvo.plugins.agentcodex;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CodexLimitMessagesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "You've hit your usage limit. Try again at 4:03 PM.                                   # 2026-11-22T16:03:00Z",
            "You've hit your usage limit. Visit … or try again at May 20th, 2027 4:03 PM.         # 2027-05-20T16:03:00Z",
            "You've hit your usage limit. Visit … or try again at Dec 6th, 2026 12:02 AM.         # 2026-12-06T00:02:00Z",
            "You've hit your usage limit. Try again at September 1st, 2027 9:00 AM.               # 2027-09-01T09:00:00Z",
            "You've hit your usage limit. Upgrade to Pro (…), or try again in 3 hours 32 minutes. # 2026-11-22T15:32:00Z",
            "You've hit your usage limit. Try again in 5 minutes.                                 # 2026-11-22T12:05:00Z",
            "Rate limit reached for gpt-5.1 in organization org-x on tokens per min (TPM). Please try again in 11.054s. # 2026-11-22T12:00:11.054Z",
    })
    void limits_withTheirRetryTime(String text, String expected) {
        assertThat(CodexLimitMessages.isLimit(text.strip())).isTrue();
        assertThat(CodexLimitMessages.retryTime(text.strip(), NOW, ZoneOffset.UTC)).contains(Instant.parse(expected.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "exceeded retry limit, last status: 429 Too Many Requests, request id: abc",
            "Selected model is at capacity. Please try a different model.",
            "Quota exceeded. Check your plan and billing details.",
            "You've hit your usage limit. Limits reset every 5h and every week.",
    })
    void limits_withoutARetryTime(String text) {
        assertThat(CodexLimitMessages.isLimit(text)).isTrue();
        assertThat(CodexLimitMessages.retryTime(text, NOW, ZoneOffset.UTC)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {"stream ended unexpectedly", "Not inside a trusted directory and --skip-git-repo-check was not specified."})
    void otherErrors_areNotLimits(String text) {
        assertThat(CodexLimitMessages.isLimit(text)).isFalse();
    }
}
