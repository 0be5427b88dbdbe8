package dev.wvo.config;

import dev.wvo.accounts.LimitSettings;

import java.time.Duration;

/** Reads the {@code limits:} section into {@link LimitSettings}. */
final class LimitSection {

    private LimitSection() {
    }

    static LimitSettings read(ConfigFile config) {
        var section = config.root().child("limits");
        if (section.isEmpty()) {
            return LimitSettings.DEFAULTS;
        }
        var limits = section.get().onlyKeys("cool_down", "min_cool_down", "wake_jitter");
        LimitSettings d = LimitSettings.DEFAULTS;
        return new LimitSettings(
                limits.child("cool_down").map(e -> e.duration(Duration.ofSeconds(1))).orElse(d.coolDown()),
                limits.child("min_cool_down").map(ConfigFile.Entry::duration).orElse(d.minCoolDown()),
                limits.child("wake_jitter").map(ConfigFile.Entry::duration).orElse(d.wakeJitter()));
    }
}
