package dev.quayside.engine.task;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One look at a one-off task: the new state, the lines to report (state changes, log lines), and, once it
 * has stopped or timed out, its result or its failure. Serializable, like {@link TaskRun}.
 */
public final class TaskPoll implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TaskRun state;
    private final ArrayList<Event> lines;
    private final TaskRunner.Result result;
    private final QuaysideException failure;
    private final long nextDelayMillis;

    TaskPoll(TaskRun state, List<Event> lines, TaskRunner.Result result, QuaysideException failure, long nextDelayMillis) {
        this.state = state;
        this.lines = new ArrayList<>(lines);
        this.result = result;
        this.failure = failure;
        this.nextDelayMillis = nextDelayMillis;
    }

    public TaskRun state() {
        return state;
    }

    public List<Event> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The task stopped with every essential container at exit 0. */
    public Optional<TaskRunner.Result> result() {
        return Optional.ofNullable(result);
    }

    /** The task stopped otherwise, or outlasted its timeout (it was then stopped). */
    public Optional<QuaysideException> failure() {
        return Optional.ofNullable(failure);
    }

    /** When to look again, if not finished: the poll interval, or less to look once more at the deadline. */
    public Duration nextDelay() {
        return Duration.ofMillis(nextDelayMillis);
    }

    public boolean finished() {
        return result != null || failure != null;
    }
}
