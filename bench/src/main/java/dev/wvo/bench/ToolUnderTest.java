package dev.wvo.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A tool that runs a list of independent work items with several parallel workers: wvo now, and
 * the peer tools it is compared with next (ralph-tui), so that {@link ThroughputBenchmark} drives
 * each the same way and times each by the work items' own stamps, not by the tool's logs.
 */
interface ToolUnderTest {

    /** How the figures name it. */
    String name();

    /** Makes {@code dir} a fresh workspace of the tool holding {@code items}, nothing run yet. */
    void prepare(Path dir, List<WorkItem> items) throws Exception;

    /**
     * Starts {@code workers} parallel workers on the prepared items; each process returned exits
     * by itself once no item is left.
     */
    List<Process> start(Path dir, int workers) throws Exception;

    /**
     * One unit of work.
     *
     * @param id      its name
     * @param command a shell command that does it ({@code sh work.sh ID SECONDS LOG})
     */
    record WorkItem(String id, String command) {
    }
}
