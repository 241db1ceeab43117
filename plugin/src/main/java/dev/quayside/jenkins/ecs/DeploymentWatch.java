package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentPoller;
import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.aws.AwsTargets;
import dev.quayside.jenkins.report.BuildLog;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.ProxyException;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.MasterToSlaveFileCallable;

/**
 * The watch of one deployment, shared by ecsDeploy, ecsWaitDeployment and the freestyle deploy step:
 * UpdateService (for a deploy), then polls on {@link WatchPool} until a verdict, each one call on the
 * agent ({@code node {}}) or on the controller (outside {@code node {}}, with the step's credentials
 * only). Serializable: the state (our deployment, the events already printed) is saved with the
 * Pipeline, so that after a restart {@link #resume} continues without repeating or losing a line.
 * Credentials are never saved: only their id, resolved again; a role session is reused from memory.
 */
final class DeploymentWatch implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DeploymentWatch.class.getName());
    /** Agent unreachable (e.g. reconnecting after a restart): try again this often, until the watch's own deadline. */
    static final long AGENT_RETRY_MILLIS = 15_000;
    /** One call to the agent may take this long (its AWS calls have their own, shorter bounds). */
    static final long REMOTE_TIMEOUT_SECONDS = 300;
    /** The verdict at the deadline waits this much longer for a poll in flight, so that a poll on time gives it with all it saw. */
    static final long DEADLINE_GRACE_MILLIS = 3_000;
    /** Resolve the step's credentials again this often (credentials plugins may hand out expiring keys). */
    private static final long CREDENTIALS_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** What a watch reports to: a Pipeline step's context or a freestyle build. */
    interface Host {
        Run<?, ?> run() throws IOException, InterruptedException;

        TaskListener listener() throws IOException, InterruptedException;

        EnvVars environment() throws IOException, InterruptedException;

        /** The workspace whose agent makes the calls; throws while that agent is not connected. */
        FilePath workspace() throws IOException, InterruptedException;

        /** The watch's state changed: save it (Pipeline) or not (freestyle). */
        void saveState();

        /** The verdict, once. */
        void finished(DeploymentResult result);

        /** A failure other than a verdict, once. */
        void failed(Throwable cause);
    }

    private final String cluster;
    private final String service;
    private final String deploymentId;
    private final Duration timeout;
    private final String region;
    private final String credentialsId;
    private final String roleArn;
    /** Null for ecsWaitDeployment. */
    private final DeploySpec deploy;
    /** Where the calls run, decided once at the start (inside or outside node {}) and kept across restarts. */
    private final boolean onAgent;
    private final long startedAtMillis;
    /** Null: the engine's default. */
    private final Integer logLines;

    private volatile boolean serviceUpdated;
    private volatile WatchState state;
    private volatile String consoleUrl;
    /** The region the polls ask, once known. */
    private volatile String pollRegion;
    private volatile boolean waitingForAgent;
    private final AtomicBoolean done = new AtomicBoolean();

    private transient volatile Host host;
    private transient volatile Future<?> task;
    private transient volatile Future<?> deadlineTask;
    private transient volatile boolean inFlight;
    private transient volatile AwsTarget target;
    private transient volatile long targetResolvedAt;
    /** The role session of this watch, in memory only; reused until it nears its expiry. */
    private transient volatile AwsTarget session;

    DeploymentWatch(String cluster, String service, String deploymentId, Duration timeout, String region, String credentialsId, String roleArn,
                    DeploySpec deploy, boolean onAgent, long startedAtMillis, Integer logLines) {
        this.cluster = cluster;
        this.service = service;
        this.deploymentId = deploymentId;
        this.timeout = timeout;
        this.region = region;
        this.credentialsId = credentialsId;
        this.roleArn = roleArn;
        this.deploy = deploy;
        this.onAgent = onAgent;
        this.startedAtMillis = startedAtMillis;
        this.logLines = logLines;
    }

    void start(Host h) {
        this.host = h;
        schedule(0);
        scheduleDeadline();
    }

    /** After a controller restart: continues from the saved state. */
    void resume(Host h, TaskListener listener) {
        this.host = h;
        if (done.get()) {
            return;
        }
        listener.getLogger().println("Resuming the watch of " + service + " in " + cluster + (state == null ? "" : " (" + state.deploymentId() + ")")
                + " after a restart");
        schedule(0);
        scheduleDeadline();
    }

    /** Stops at once, interrupting a call in flight (a call to an agent is cancelled there too). */
    boolean stop() {
        boolean first = done.compareAndSet(false, true);
        cancel(deadlineTask);
        cancel(task);
        return first;
    }

    private static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(true);
        }
    }

    boolean inFlight() {
        return inFlight;
    }

    String status() {
        WatchState s = state;
        String what = waitingForAgent ? "waiting for the agent to watch " : deploy != null && !serviceUpdated ? "updating service " : "watching ";
        return what + service + " in " + cluster + (s == null ? "" : ": " + s.deploymentId() + (s.lastSummary() == null ? "" : ", " + s.lastSummary()));
    }

    private void schedule(long delayMillis) {
        if (!done.get()) {
            task = WatchPool.schedule(this::step, delayMillis);
        }
    }

    /** The timeout is a deadline even while a call waits on AWS or on the agent: checked a moment after it, then again until done. */
    private void scheduleDeadline() {
        if (!done.get()) {
            deadlineTask = WatchPool.schedule(this::deadline, Math.max(0, startedAtMillis + timeout.toMillis() + DEADLINE_GRACE_MILLIS - System.currentTimeMillis()));
        }
    }

    private void deadline() {
        if (done.get()) {
            return;
        }
        if (!inFlight) {
            // Between calls the next poll is due by the deadline and gives the verdict itself (or the agent wait its failure).
            deadlineTask = WatchPool.schedule(this::deadline, DEADLINE_GRACE_MILLIS);
            return;
        }
        WatchState s = state;
        Host h = host;
        if (!done.compareAndSet(false, true)) {
            return;
        }
        cancel(task);
        try {
            if (s == null || deploy != null && !serviceUpdated) {
                h.failed(new AbortException("No answer from AWS " + (deploy != null && !serviceUpdated ? "to the update of " : "about ") + service + " in "
                        + cluster + " within the timeout (" + Durations.human(timeout) + "); its deployment's verdict is unknown: see "
                        + (consoleUrl == null ? "the ECS console" : consoleUrl)));
                return;
            }
            TaskListener listener = h.listener();
            PollOutcome outcome = DeploymentPoller.deadlinePassed(s, timeout, Duration.ofMillis(System.currentTimeMillis() - startedAtMillis),
                    pollRegion != null ? pollRegion : region);
            outcome.lines().forEach(line -> BuildLog.print(listener, line));
            DeploymentResult result = outcome.result().orElseThrow();
            DeployResults.report(h.run(), listener, result);
            h.finished(result);
        } catch (IOException | InterruptedException | RuntimeException e) {
            h.failed(e);
        }
    }

    private void step() {
        if (done.get()) {
            return;
        }
        inFlight = true;
        Host h = host;
        try {
            TaskListener listener = h.listener();
            Run<?, ?> run = h.run();
            EnvVars env = h.environment();
            FilePath workspace = null;
            if (onAgent) {
                try {
                    workspace = h.workspace();
                } catch (IOException e) {
                    waitForAgent(listener, e);
                    return;
                }
            }
            if (waitingForAgent) {
                waitingForAgent = false;
                listener.getLogger().println("The agent is back; watching " + service + " again.");
            }
            if (deploy != null && !serviceUpdated) {
                WatchStart started = call(workspace, new EcsCalls.UpdateService(target(run), env, !onAgent, deploy, logLines, listener));
                if (done.get()) {
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
            PollReply reply = call(workspace, new EcsCalls.Poll(target(run), env, !onAgent, cluster, service, deploymentId, timeout, logLines, state, listener));
            if (done.get()) {
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
        } catch (AbortException | ProxyException e) {
            // A refused input or a failure on the agent's side of the call: not a reason to wait.
            fail(e);
        } catch (InterruptedException e) {
            if (!done.get() && !WatchPool.stopping()) {
                fail(e);
            }
        } catch (IOException e) {
            if (WatchPool.stopping() || done.get()) {
                return; // Jenkins is going down (the watch resumes after the restart), or the deadline came first
            }
            // The agent went away during the call (or did not answer in time): wait for it like at a resume.
            try {
                waitForAgent(h.listener(), e);
            } catch (IOException | InterruptedException e2) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            inFlight = false;
        }
    }

    /** One call, on the agent of {@code workspace} (bounded, cancelled there when interrupted), or here when it is null. */
    private static <T> T call(FilePath workspace, MasterToSlaveFileCallable<T> callable) throws IOException, InterruptedException {
        if (workspace == null) {
            return callable.invoke(null, null);
        }
        Future<T> remote = workspace.actAsync(callable);
        try {
            return remote.get(REMOTE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            remote.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            remote.cancel(true);
            throw new IOException("the agent did not answer within " + REMOTE_TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException(cause);
        }
    }

    private void waitForAgent(TaskListener listener, Exception why) {
        long deadline = startedAtMillis + timeout.toMillis();
        if (System.currentTimeMillis() + AGENT_RETRY_MILLIS > deadline) {
            fail(new AbortException("The agent of this watch of " + service + " in " + cluster + " was not reachable before the timeout (" + why.getMessage()
                    + "); the deployment's verdict is unknown: see " + (consoleUrl == null ? "the ECS console" : consoleUrl)));
            return;
        }
        if (!waitingForAgent) {
            waitingForAgent = true;
            listener.getLogger().println("Waiting for the agent to watch " + service + " (" + why.getMessage() + "); trying again every "
                    + AGENT_RETRY_MILLIS / 1000 + " s until the timeout.");
        }
        LOGGER.log(Level.FINE, "watch of " + service + ": agent not reachable", why);
        schedule(AGENT_RETRY_MILLIS);
    }

    private void watching(TaskListener listener) {
        WatchState s = state;
        String which = s == null || s.deploymentId() == null ? "the current deployment" : "deployment " + s.deploymentId();
        BuildLog.link(listener, "Watching " + which + " of " + service + " in " + cluster + " (timeout " + Durations.human(timeout)
                + (onAgent ? "" : ", calls from the controller with credentials " + credentialsId) + ").", consoleUrl, "ECS console");
    }

    private AwsTarget target(Run<?, ?> run) throws AbortException {
        AwsTarget s = session;
        if (s != null && s.usable(Clock.systemUTC())) {
            return s;
        }
        session = null;
        AwsTarget t = target;
        if (t == null || System.nanoTime() - targetResolvedAt > CREDENTIALS_TTL_NANOS) {
            t = AwsTargets.resolve(run, region, credentialsId, roleArn);
            target = t;
            targetResolvedAt = System.nanoTime();
        }
        return t;
    }

    private void keepSession(AwsTarget assumed) {
        if (assumed != null) {
            session = assumed;
        }
    }

    private void finish(Run<?, ?> run, TaskListener listener, DeploymentResult result) {
        if (done.compareAndSet(false, true)) {
            DeployResults.report(run, listener, result);
            host.finished(result);
        }
    }

    private void fail(Throwable t) {
        if (done.compareAndSet(false, true)) {
            host.failed(t);
        }
    }
}
