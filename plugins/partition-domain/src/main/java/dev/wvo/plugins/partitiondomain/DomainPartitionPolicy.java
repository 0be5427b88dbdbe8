package dev.wvo.plugins.partitiondomain;

import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.PreferredFirst;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;
import org.pf4j.Extension;

import java.util.List;

/** Tasks of the worker's domains first ({@code --domains mcp,web}), in the order given. */
@Extension
public class DomainPartitionPolicy implements PartitionPolicy {

    @Override
    public String name() {
        return "domain";
    }

    @Override
    public List<TaskView> select(WorkerOptions options, List<TaskView> candidates) {
        return PreferredFirst.rank(candidates, TaskView::domain, options.domains(), options.fallbackToOthers());
    }
}
