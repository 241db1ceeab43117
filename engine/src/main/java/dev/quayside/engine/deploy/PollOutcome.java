package dev.quayside.engine.deploy;

import dev.quayside.engine.events.Event;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One poll's outcome: the new state, the lines to report, and the verdict if there is one. Serializable,
 * so a poll can run where the AWS identity is (a Jenkins agent) and its outcome travel back.
 */
public final class PollOutcome implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WatchState state;
    private final ArrayList<Event> lines;
    private final DeploymentResult result;

    PollOutcome(WatchState state, List<Event> lines, DeploymentResult result) {
        this.state = state;
        this.lines = new ArrayList<>(lines);
        this.result = result;
    }

    public WatchState state() {
        return state;
    }

    public List<Event> lines() {
        return Collections.unmodifiableList(lines);
    }

    public Optional<DeploymentResult> result() {
        return Optional.ofNullable(result);
    }

    /** When to poll next, if there is no verdict yet. */
    public Duration nextDelay() {
        return Duration.ofMillis(state.nextDelayMillis());
    }
}
