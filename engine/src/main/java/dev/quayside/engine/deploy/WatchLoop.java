package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One watch driven by a shared scheduler: each poll reports what is new and says when the watch is due
 * again (or completes). Its service is described by a call it may share with other watches of its
 * cluster ({@link SharedPolls}). Polls of one watch never overlap, and between them the watch holds no thread.
 */
final class WatchLoop implements SharedPolls.Member {
    private final DeploymentPoller poller;
    private final Scheduler scheduler;
    private final SharedPolls polls;
    private final ProgressListener listener;
    private final Duration timeout;
    private final PollPolicy policy;
    private final Consumer<WatchState> checkpoint;
    private final CompletableFuture<DeploymentResult> future = new CompletableFuture<>();
    private volatile WatchState state;
    private volatile boolean cancelled;
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(3);

    WatchLoop(DeploymentPoller poller, Scheduler scheduler, SharedPolls polls, ProgressListener listener, WatchState state, Duration timeout,
              PollPolicy policy, Consumer<WatchState> checkpoint) {
        this.poller = poller;
        this.scheduler = scheduler;
        this.polls = polls;
        this.listener = listener;
        this.state = state;
        this.timeout = timeout;
        this.policy = policy;
        this.checkpoint = checkpoint;
    }

    CompletableFuture<DeploymentResult> future() {
        return future;
    }

    @Override
    public WatchState state() {
        return state;
    }

    void start() {
        // The deadline holds even while a poll waits on AWS (a second scheduler thread runs it); a moment
        // after the timeout, so that a poll on time gives the verdict with all it saw.
        Scheduler.Cancellable deadline = scheduler.schedule(this::deadline, poller.remaining(state, timeout).plus(DEADLINE_GRACE));
        future.whenComplete((r, e) -> {
            deadline.cancel();
            polls.remove(this); // no longer counts in its cluster's budget
        });
        polls.due(this, Duration.ZERO);
    }

    private void deadline() {
        if (future.isDone()) {
            return;
        }
        PollOutcome outcome = poller.deadlinePassed(state, timeout);
        outcome.lines().forEach(listener::onEvent);
        future.complete(outcome.result().orElseThrow());
    }

    void cancel() {
        cancelled = true;
        polls.remove(this);
        future.completeExceptionally(QuaysideException.of(Failure.INTERRUPTED, "watch deployment " + state.deploymentId() + " of " + state.service(),
                "the watch was stopped", "ECS goes on with the deployment. Last seen: " + lastSeen()));
    }

    String lastSeen() {
        return state.lastSummary() == null ? "nothing yet" : state.lastSummary();
    }

    @Override
    public String cluster() {
        return state.cluster();
    }

    @Override
    public String service() {
        return state.service();
    }

    /** One poll, with the service as {@code described} (by a call this watch may share). */
    @Override
    public void poll(DeploymentPoller.Described described) {
        if (cancelled || future.isDone()) {
            return;
        }
        try {
            PollOutcome outcome = poller.poll(state, timeout, policy, described);
            if (future.isDone()) {
                return; // the deadline (or a cancel) came first
            }
            state = outcome.state();
            outcome.lines().forEach(listener::onEvent);
            checkpoint.accept(state);
            if (outcome.result().isPresent()) {
                future.complete(outcome.result().get());
            } else if (!cancelled) {
                polls.due(this, outcome.nextDelay());
            }
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }
}
