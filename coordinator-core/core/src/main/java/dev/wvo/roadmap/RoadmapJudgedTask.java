package dev.wvo.roadmap;

import dev.wvo.schedule.Claim;
import dev.wvo.schedule.JudgedTask;

import java.util.List;

/**
 * A roadmap task as {@link dev.wvo.schedule.Runnability} judges it, answered from its fields: what
 * its {@link RoadmapTask#state() state} answers from a view made of every field, without making
 * one. Its status is read once (every rule and every dependent asks for it), its dependencies on
 * first ask (a pending task's judgement and its words both read them); the rest as asked, which on
 * a roadmap read from its cache decodes only the field asked for.
 */
final class RoadmapJudgedTask implements JudgedTask {

    private final RoadmapTask task;
    private final List<String> problems;
    private final String status;
    private List<String> dependencies;

    RoadmapJudgedTask(RoadmapTask task, List<String> problems) {
        this.task = task;
        this.problems = problems;
        this.status = task.status();
    }

    @Override
    public String id() {
        return task.id();
    }

    @Override
    public String status() {
        return status;
    }

    @Override
    public Claim claim() {
        return task.claim();
    }

    @Override
    public int attempts() {
        return task.attempts();
    }

    @Override
    public int maxAttempts() {
        return task.maxAttempts();
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    @Override
    public List<String> dependencies() {
        List<String> made = dependencies;
        if (made == null) {
            made = task.dependencies();
            dependencies = made;
        }
        return made;
    }

    @Override
    public List<String> owns() {
        return task.owns();
    }

    @Override
    public boolean readonly() {
        return task.readonly();
    }

    @Override
    public String merge() {
        return text("merge");
    }

    @Override
    public String branch() {
        return text("branch");
    }

    private String text(String key) {
        Object value = task.fields().get(key);
        return value == null ? null : value.toString();
    }
}
