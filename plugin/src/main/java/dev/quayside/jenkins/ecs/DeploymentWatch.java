package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentPoller;
import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.engine.deploy.SharedPolls;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.report.BuildLog;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.time.Duration;

/**
 * The watch of one deployment, shared by ecsDeploy, ecsWaitDeployment and the freestyle deploy step:
 * the deploy's create-or-update (for a deploy), then polls until a verdict, each one call (see
 * {@link AgentWatch}). The state (our deployment, the events already printed) is saved with the
 * Pipeline, so that after a restart the watch continues without repeating or losing a line.
 */
final class DeploymentWatch extends AgentWatch<DeploymentResult> implements SharedPolls.Member {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String service;
    private final String deploymentId;
    /** Null for ecsWaitDeployment. */
    private final DeploySpec deploy;
    /** Null: the engine's default. */
    private final Integer logLines;

    private volatile boolean serviceUpdated;
    private volatile WatchState state;
    private volatile String consoleUrl;
    /** The region the polls ask, once known. */
    private volatile String pollRegion;
    /** The service as the shared call of this poll's round described it (controller watches only). */
    private transient volatile DeploymentPoller.Described described;
    /** The next poll waits on a shared call (controller watches only). */
    private transient volatile boolean queued;

    DeploymentWatch(String cluster, String service, String deploymentId, Duration timeout, String region, String credentialsId, String roleArn,
                    DeploySpec deploy, boolean onAgent, long startedAtMillis, Integer logLines) {
        super(timeout, region, credentialsId, roleArn, onAgent, startedAtMillis);
        this.cluster = cluster;
        this.service = service;
        this.deploymentId = deploymentId;
        this.deploy = deploy;
        this.logLines = logLines;
    }

    @Override
    String status() {
        WatchState s = state;
        String what = waitingForAgent() ? "waiting for the agent to watch " : deploy != null && !serviceUpdated ? "updating service " : "watching ";
        return what + service + " in " + cluster + (s == null ? "" : ": " + s.deploymentId() + (s.lastSummary() == null ? "" : ", " + s.lastSummary()));
    }

    @Override
    String activity() {
        return "watch " + service;
    }

    @Override
    String unknownOutcome() {
        return "the deployment's verdict is unknown: see " + (consoleUrl == null ? "the ECS console" : consoleUrl);
    }

    @Override
    String resuming() {
        return "Resuming the watch of " + service + " in " + cluster + (state == null ? "" : " (" + state.deploymentId() + ")") + " after a restart";
    }

    @Override
    void deadlinePassed(Host<DeploymentResult> h) throws IOException, InterruptedException {
        WatchState s = state;
        if (s == null || deploy != null && !serviceUpdated) {
            h.failed(new AbortException("No answer from AWS " + (deploy != null && !serviceUpdated ? "to the update of " : "about ") + service + " in "
                    + cluster + " within the timeout (" + Durations.human(timeout) + "); " + unknownOutcome()));
            return;
        }
        TaskListener listener = h.listener();
        PollOutcome outcome = DeploymentPoller.deadlinePassed(s, timeout, Duration.ofMillis(System.currentTimeMillis() - startedAtMillis),
                pollRegion != null ? pollRegion : region);
        outcome.lines().forEach(line -> BuildLog.print(listener, line));
        finishAtDeadline(h, outcome.result().orElseThrow());
    }

    @Override
    void report(Run<?, ?> run, TaskListener listener, DeploymentResult result) {
        DeployResults.report(run, listener, result);
    }

    @Override
    String failure(DeploymentResult result) {
        return result.succeeded() ? null : DeployResults.failureMessage(result);
    }

    @Override
    Object stepResult(DeploymentResult result) {
        return DeployResults.toMap(result);
    }

    @Override
    void advance(Host<DeploymentResult> h, TaskListener listener, Run<?, ?> run, EnvVars env, FilePath workspace) throws IOException, InterruptedException {
        if (deploy != null && !serviceUpdated) {
            WatchStart started = call(workspace, new EcsCalls.UpdateService(target(run), env, !onAgent, deploy, logLines, listener));
            if (done()) {
                return; // the deadline (or an abort) came first
            }
            keepSession(started.session());
            state = started.state();
            consoleUrl = started.consoleUrl();
            serviceUpdated = true;
            h.saveState();
            watching(listener);
        }
        boolean first = state == null;
        DeploymentPoller.Described shared = described;
        described = null;
        PollReply reply = call(workspace, new EcsCalls.Poll(target(run), env, !onAgent, cluster, service, deploymentId, timeout, logLines, state, listener,
                shared));
        if (done()) {
            return;
        }
        keepSession(reply.session());
        pollRegion = reply.region();
        PollOutcome outcome = reply.outcome();
        state = outcome.state();
        if (first) {
            consoleUrl = reply.consoleUrl();
            watching(listener);
        }
        outcome.lines().forEach(line -> BuildLog.print(listener, line));
        if (!outcome.lines().isEmpty() || first) {
            h.saveState();
        }
        if (outcome.result().isPresent()) {
            finish(run, listener, outcome.result().get());
        } else {
            schedule(outcome.nextDelay().toMillis());
        }
    }

    /**
     * On the controller, once watching, the next poll goes with the other controller watches of the same identity,
     * region and cluster (one DescribeServices for up to 10 services); on an agent, each watch polls alone.
     */
    @Override
    void schedule(long delayMillis) {
        Host<DeploymentResult> h = host();
        if (onAgent || state == null || done() || h == null) {
            super.schedule(delayMillis);
            return;
        }
        try {
            queued = true;
            ControllerPolls.due(this, credentialsId(), roleArn(), stepTarget(h.run()), h.environment(), Duration.ofMillis(delayMillis));
        } catch (IOException | InterruptedException | RuntimeException e) {
            queued = false;
            super.schedule(delayMillis); // the poll itself will say what is wrong
        }
    }

    @Override
    boolean awaitingSharedCall() {
        return queued;
    }

    @Override
    public String cluster() {
        return cluster;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public void poll(DeploymentPoller.Described shared) {
        described = shared;
        queued = false;
        stepNow();
    }

    @Override
    public WatchState state() {
        return state;
    }

    @Override
    boolean stop() {
        boolean first = super.stop();
        ControllerPolls.remove(this);
        return first;
    }

    /** No longer counted in the shared budget of its cluster's controller watches. */
    @Override
    void ended() {
        ControllerPolls.remove(this);
    }

    private void watching(TaskListener listener) {
        WatchState s = state;
        String which = s == null || s.deploymentId() == null ? "the current deployment" : "deployment " + s.deploymentId();
        BuildLog.link(listener, "Watching " + which + " of " + service + " in " + cluster + " (timeout " + Durations.human(timeout) + callsFrom() + ").",
                consoleUrl, "ECS console");
    }
}
