package dev.wvo.doctor;

import dev.wvo.accounts.RateLimitBoard;

import java.util.List;

/** Agent backends that workers found rate-limited, and until when: they are skipped until then. */
public final class RateLimitCheck {

    private final RateLimitBoard board;

    public RateLimitCheck(RateLimitBoard board) {
        this.board = board;
    }

    public List<Finding> run() {
        List<RateLimitBoard.Limit> active = board.active();
        if (active.isEmpty()) {
            return List.of(Finding.ok(PluginCheck.AREA, "rate limits", "no backend is rate-limited"));
        }
        return active.stream().map(l -> Finding.warn(PluginCheck.AREA, "rate limit " + l.backend(),
                l.backend() + " is limited until " + l.until() + " (reported by " + l.by() + ": " + l.reason() + ")",
                "workers skip it until then and use the next backend of their --agent chain"))
                .toList();
    }
}
