package dev.wvo.gitmerge;

import dev.wvo.gitmerge.RoadmapConflict.Side;

import java.util.List;
import java.util.Optional;

/**
 * Which side's {@code status} a merge keeps when both sides changed it differently: the one
 * further along, in the order {@code pending < in_progress < blocked < failed < done}. A missing
 * status counts as {@code pending}. Unknown statuses (such as {@code needs_improvement}) have no
 * rank, so a change to or from one stays a conflict.
 */
final class StatusPrecedence {

    private static final List<String> ORDER = List.of("pending", "in_progress", "blocked", "failed", "done");

    private StatusPrecedence() {
    }

    /** The side whose status wins, or empty when neither ranks above the other. */
    static Optional<Side> winner(Object ours, Object theirs) {
        int o = rank(ours);
        int t = rank(theirs);
        if (o < 0 || t < 0 || o == t) {
            return Optional.empty();
        }
        return Optional.of(o > t ? Side.OURS : Side.THEIRS);
    }

    private static int rank(Object status) {
        return ORDER.indexOf(status == null ? "pending" : status.toString().strip());
    }
}
