package dev.wvo.plugins.agentclaude;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ClaudeLimitMessagesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:30:00Z"); // a Sunday

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "Claude AI usage limit reached|1755772800                          # 2025-08-21T10:40:00Z",
            "5-hour limit reached \u2219 resets 12pm                            # 2026-11-23T12:00:00Z",
            "You've hit your limit \u00b7 resets 6pm (America/Toronto)         # 2026-11-22T23:00:00Z",
            "You've hit your limit \u00b7 resets Apr 23 at 4pm (America/Recife)# 2027-04-23T19:00:00Z",
            "You've hit your session limit \u00b7 resets 3:45pm                 # 2026-11-22T15:45:00Z",
            "You've hit your weekly limit \u00b7 resets Mon 12:00am             # 2026-11-23T00:00:00Z",
    })
    void knownWordings_areLimitsWithTheirResetTime(String text, String expected) {
        assertThat(ClaudeLimitMessages.isLimit(text.strip())).isTrue();
        assertThat(ClaudeLimitMessages.resetTime(text.strip(), NOW, ZoneOffset.UTC)).contains(Instant.parse(expected.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "API Error: Request rejected (429) · this may be a temporary capacity issue.",
            "API Error: Repeated 529 Overloaded errors. The API is at capacity",
            "You've hit your monthly spend limit. Switch to another model to continue.",
            "Credit balance is too low",
    })
    void apiThrottles_areLimitsWithoutAResetTime(String text) {
        assertThat(ClaudeLimitMessages.isLimit(text)).isTrue();
        assertThat(ClaudeLimitMessages.resetTime(text, NOW, ZoneOffset.UTC)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {"Reached maximum number of turns (41)", "Not logged in · Please run /login"})
    void otherErrors_areNotLimits(String text) {
        assertThat(ClaudeLimitMessages.isLimit(text)).isFalse();
    }
}
