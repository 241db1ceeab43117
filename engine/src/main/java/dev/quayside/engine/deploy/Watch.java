package dev.quayside.engine.deploy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A running watch: its eventual result, its latest state, and a way to stop it. */
public final class Watch {
    private final WatchLoop loop;

    Watch(WatchLoop loop) {
        this.loop = loop;
    }

    /** Completes with the verdict; exceptionally with a {@link QuaysideException} for AWS errors or cancellation. */
    public CompletableFuture<DeploymentResult> result() {
        return loop.future();
    }

    /** The latest state, to save for a resume. */
    public WatchState state() {
        return loop.state();
    }

    /** Stops polling; the result completes with an INTERRUPTED failure that says where the deployment was. */
    public void cancel() {
        loop.cancel();
    }

    /** Blocks until the verdict. Interrupting the waiting thread cancels the watch. */
    public DeploymentResult await() {
        try {
            return loop.future().get();
        } catch (InterruptedException e) {
            loop.cancel();
            Thread.currentThread().interrupt();
            throw QuaysideException.of(Failure.INTERRUPTED, "watch " + loop.state().service(), "the watch was interrupted",
                    "Last seen: " + loop.lastSeen());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QuaysideException) {
                throw (QuaysideException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
