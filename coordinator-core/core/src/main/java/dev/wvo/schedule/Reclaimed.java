package dev.wvo.schedule;

/**
 * A claim of a dead worker that was taken back.
 *
 * @param taskId    the task
 * @param worker    the dead worker
 * @param attempt   the attempt that was cut short
 * @param newStatus {@code pending} to retry, or {@code failed} when no attempts are left
 */
public record Reclaimed(String taskId, String worker, int attempt, String newStatus) {
}
