package dev.wvo.plugins.partitionepic;

import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.PreferredFirst;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;
import org.pf4j.Extension;

import java.util.List;

/** Tasks of the worker's epics first ({@code --epics WAVE-0,WAVE-1}), in the order given. */
@Extension
public class EpicPartitionPolicy implements PartitionPolicy {

    @Override
    public String name() {
        return "epic";
    }

    @Override
    public List<TaskView> select(WorkerOptions options, List<TaskView> candidates) {
        return PreferredFirst.rank(candidates, TaskView::epic, options.epics(), options.fallbackToOthers());
    }
}
