package dev.wvo.git;

import dev.wvo.schedule.ClaimRules;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.MergeState;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Worktrees off: every attempt runs in the worker's own directory, and there is nothing to merge. */
final class InPlaceWorkspace implements TaskWorkspace {

    static final InPlaceWorkspace INSTANCE = new InPlaceWorkspace();

    private InPlaceWorkspace() {
    }

    @Override
    public ClaimRules claimRules() {
        return ClaimRules.PLAIN;
    }

    @Override
    public Place prepare(String worker, ClaimedTask claimed, Path home) {
        return new Place(home, null, null);
    }

    @Override
    public MergeState deliver(String worker, ClaimedTask claimed, Place place) {
        return null;
    }

    @Override
    public void release(String worker, ClaimedTask claimed, Place place, boolean delivered) {
        // nothing was made for the attempt
    }

    @Override
    public void park(String worker, ClaimedTask claimed, Place place) {
        // the worker's own directory stays as the agent left it
    }

    @Override
    public void leave(String worker) {
        // the worker's own directory is the user's
    }

    @Override
    public Optional<MergeOutcome> landNext(String who) {
        return Optional.empty();
    }

    @Override
    public List<MergeOutcome> drainQueue(String worker) {
        return List.of();
    }

    @Override
    public boolean hasMergesToMake() {
        return false;
    }

    @Override
    public void checkTarget(String worker) {
        // nothing is merged, so nothing waits on the user's checkout
    }

    @Override
    public List<ReconcileReport> reconcile(String worker, Predicate<String> alive) {
        return List.of();
    }
}
