package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.aws.AwsTargets;
import dev.quayside.jenkins.report.BuildLog;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * ecsDeploy and ecsWaitDeployment: UpdateService (deploy only), then polls scheduled on Jenkins'
 * shared timer, each one remote call on the agent. Between polls no thread is held; the
 * serializable WatchState (events already printed included) is saved with the Pipeline, so after a
 * controller restart {@link #onResume()} continues where it was, without repeating lines.
 * Credentials are never saved: only their id, resolved again when needed.
 */
final class DeploymentWatchExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DeploymentWatchExecution.class.getName());
    /** Agent unreachable (e.g. reconnecting after a restart): retry this often, this many times. */
    private static final long AGENT_RETRY_MILLIS = 15_000;
    private static final int AGENT_RETRIES = 40;
    /** Re-resolve credentials this often (session credentials expire). */
    private static final long CREDENTIALS_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final String cluster;
    private final String service;
    private final String deploymentId;
    private final Duration timeout;
    private final String region;
    private final String credentialsId;
    private final String roleArn;
    /** Null for ecsWaitDeployment. */
    private final DeploySpec deploy;

    private volatile boolean serviceUpdated;
    private volatile WatchState state;
    private volatile String consoleUrl;
    private int agentFailures;
    private final AtomicBoolean done = new AtomicBoolean();

    private transient volatile ScheduledFuture<?> task;
    private transient volatile boolean inFlight;
    private transient volatile AwsTarget target;
    private transient volatile long targetResolvedAt;

    DeploymentWatchExecution(StepContext context, String cluster, String service, String deploymentId, Duration timeout,
                             String region, String credentialsId, String roleArn, DeploySpec deploy) {
        super(context);
        this.cluster = cluster;
        this.service = service;
        this.deploymentId = deploymentId;
        this.timeout = timeout;
        this.region = region;
        this.credentialsId = credentialsId;
        this.roleArn = roleArn;
        this.deploy = deploy;
    }

    @Override
    public boolean start() throws Exception {
        schedule(0);
        return false;
    }

    @Override
    public void onResume() {
        if (done.get()) {
            return;
        }
        try {
            getContext().get(TaskListener.class).getLogger().println("Resuming the watch of " + service + " in " + cluster
                    + (state == null ? "" : " (" + state.deploymentId() + ")") + " after a restart");
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "no listener on resume", e);
        }
        schedule(0);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (done.compareAndSet(false, true)) {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        WatchState s = state;
        String what = deploy != null && !serviceUpdated ? "updating service " : "watching ";
        return what + service + " in " + cluster + (s == null ? "" : ": " + s.deploymentId() + (s.lastSummary() == null ? "" : ", " + s.lastSummary()));
    }

    /** A restart waits for an UpdateService or a poll under way (so that none is lost or repeated). */
    @Override
    public boolean blocksRestart() {
        return inFlight;
    }

    private void schedule(long delayMillis) {
        if (!done.get()) {
            task = Timer.get().schedule(this::step, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void step() {
        if (done.get()) {
            return;
        }
        inFlight = true;
        try {
            StepContext context = getContext();
            TaskListener listener = context.get(TaskListener.class);
            FilePath workspace = context.get(FilePath.class);
            EnvVars env = context.get(EnvVars.class);
            Run<?, ?> run = context.get(Run.class);
            if (deploy != null && !serviceUpdated) {
                WatchStart started = workspace.act(new EcsCalls.UpdateService(target(run), env, deploy, listener));
                state = started.state();
                consoleUrl = started.consoleUrl();
                serviceUpdated = true;
                context.saveState();
                watching(listener);
            }
            boolean first = state == null;
            PollReply reply = workspace.act(new EcsCalls.Poll(target(run), env, cluster, service, deploymentId, timeout, state, listener));
            agentFailures = 0;
            PollOutcome outcome = reply.outcome();
            state = outcome.state();
            if (first) {
                consoleUrl = reply.consoleUrl();
                watching(listener);
            }
            outcome.lines().forEach(line -> BuildLog.print(listener, line));
            if (!outcome.lines().isEmpty() || first) {
                context.saveState();
            }
            Optional<DeploymentResult> result = outcome.result();
            if (result.isPresent()) {
                finish(run, listener, result.get());
            } else {
                schedule(outcome.nextDelay().toMillis());
            }
        } catch (AbortException e) {
            fail(e);
        } catch (IOException | InterruptedException e) {
            // The agent is not reachable (e.g. still reconnecting after a controller restart): try again.
            if (++agentFailures > AGENT_RETRIES) {
                fail(e);
            } else {
                LOGGER.log(Level.FINE, "poll of " + service + " failed; retrying", e);
                schedule(AGENT_RETRY_MILLIS);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            inFlight = false;
        }
    }

    private void watching(TaskListener listener) {
        WatchState s = state;
        String which = s == null || s.deploymentId() == null ? "the current deployment" : "deployment " + s.deploymentId();
        BuildLog.link(listener, "Watching " + which + " of " + service + " in " + cluster + " (timeout " + timeout.toMinutes() + " min).", consoleUrl, "ECS console");
    }

    private AwsTarget target(Run<?, ?> run) throws AbortException {
        AwsTarget t = target;
        if (t == null || System.nanoTime() - targetResolvedAt > CREDENTIALS_TTL_NANOS) {
            t = AwsTargets.resolve(run, region, credentialsId, roleArn);
            target = t;
            targetResolvedAt = System.nanoTime();
        }
        return t;
    }

    private void finish(Run<?, ?> run, TaskListener listener, DeploymentResult result) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        DeployResults.report(run, listener, result);
        if (result.succeeded()) {
            getContext().onSuccess(DeployResults.toMap(result));
        } else {
            getContext().onFailure(new AbortException(DeployResults.failureMessage(result)));
        }
    }

    private void fail(Throwable t) {
        if (done.compareAndSet(false, true)) {
            getContext().onFailure(t);
        }
    }
}
