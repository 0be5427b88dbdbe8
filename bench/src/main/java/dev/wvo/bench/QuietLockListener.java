package dev.wvo.bench;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockListener;

/** Tells nothing: log output would be part of what a benchmark measures. */
final class QuietLockListener implements LockListener {

    @Override
    public void staleHolderRemoved(String resource, HolderInfo holder) {
    }

    @Override
    public void garbageRemoved(String resource, String problem) {
    }

    @Override
    public void lockBroken(String resource, BreakResult result, boolean forced) {
    }

    @Override
    public void lockLost(String resource, long token, String why) {
    }

    @Override
    public void releaseOfLostLock(String resource, long token) {
    }
}
