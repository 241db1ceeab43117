package dev.quayside.jenkins.ecs;

import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.aws.AwsTargets;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.MasterToSlaveFileCallable;

/**
 * What a deployment watch ({@link DeploymentWatch}) and a one-off task's watch ({@link TaskWatch})
 * share: one call at a time on {@link WatchPool}, on the agent ({@code node {}}) or on the controller
 * (outside {@code node {}}, with the step's credentials only), none between calls; the timeout as a
 * deadline even while a call waits; waiting for an agent that went away; the step's credentials
 * resolved again now and then, a role session reused from memory. Serializable: a subclass keeps its
 * state in saved fields, so that after a restart {@link #resume} continues where it was. Credentials
 * are never saved, only their id.
 *
 * @param <R> the verdict
 */
abstract class AgentWatch<R> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AgentWatch.class.getName());
    /** Agent unreachable (e.g. reconnecting after a restart): try again this often, until the watch's own deadline. */
    static final long AGENT_RETRY_MILLIS = 15_000;
    /** One call to the agent may take this long (its AWS calls have their own, shorter bounds). */
    static final long REMOTE_TIMEOUT_SECONDS = 300;
    /** The verdict at the deadline waits this much longer for a call in flight, so that a call on time gives it with all it saw. */
    static final long DEADLINE_GRACE_MILLIS = 3_000;
    /** Resolve the step's credentials again this often (credentials plugins may hand out expiring keys). */
    private static final long CREDENTIALS_TTL_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** What a watch reports to: a Pipeline step's context or a freestyle build. */
    interface Host<R> {
        Run<?, ?> run() throws IOException, InterruptedException;

        TaskListener listener() throws IOException, InterruptedException;

        EnvVars environment() throws IOException, InterruptedException;

        /** The workspace whose agent makes the calls; throws while that agent is not connected. */
        FilePath workspace() throws IOException, InterruptedException;

        /** The watch's state changed: save it (Pipeline) or not (freestyle). */
        void saveState();

        /** The verdict, once. */
        void finished(R result);

        /** A failure other than a verdict, once. */
        void failed(Throwable cause);
    }

    final Duration timeout;
    final String region;
    private final String credentialsId;
    private final String roleArn;
    /** Where the calls run, decided once at the start (inside or outside node {}) and kept across restarts. */
    final boolean onAgent;
    final long startedAtMillis;

    private volatile boolean waitingForAgent;
    private final AtomicBoolean done = new AtomicBoolean();

    private transient volatile Host<R> host;
    private transient volatile Future<?> task;
    private transient volatile Future<?> deadlineTask;
    private transient volatile boolean inFlight;
    private transient volatile AwsTarget target;
    private transient volatile long targetResolvedAt;
    /** The role session of this watch, in memory only; reused until it nears its expiry. */
    private transient volatile AwsTarget session;

    AgentWatch(Duration timeout, String region, String credentialsId, String roleArn, boolean onAgent, long startedAtMillis) {
        this.timeout = timeout;
        this.region = region;
        this.credentialsId = credentialsId;
        this.roleArn = roleArn;
        this.onAgent = onAgent;
        this.startedAtMillis = startedAtMillis;
    }

    /** One step of the watch (its first call, or the next poll), with the agent's workspace (null on the controller); ends in {@link #schedule} or {@link #finish}. */
    abstract void advance(Host<R> host, TaskListener listener, Run<?, ?> run, EnvVars env, FilePath workspace) throws IOException, InterruptedException;

    /** The deadline passed while a call was in flight (now cancelled): give the verdict or the failure through {@link #finishAtDeadline}. */
    abstract void deadlinePassed(Host<R> host) throws IOException, InterruptedException;

    /** Logs the verdict and records it on the build page. */
    abstract void report(Run<?, ?> run, TaskListener listener, R result);

    /** Why the verdict fails the build, or null when it passes. */
    abstract String failure(R result);

    /** What the Pipeline step returns for a verdict that passes. */
    abstract Object stepResult(R result);

    /** "watch myapp" / "follow task 0123...": what the agent is awaited for. */
    abstract String activity();

    /** Why a verdict is unknown when the agent never came back: "the deployment's verdict is unknown: see ...". */
    abstract String unknownOutcome();

    /** The line after a restart. */
    abstract String resuming();

    /** The build's executor line while the watch waits. */
    abstract String status();

    /** Whether the next call is one shared with other watches, not made yet or still waiting on AWS: at the deadline it counts as in flight. */
    boolean awaitingSharedCall() {
        return false;
    }

    final void start(Host<R> h) {
        this.host = h;
        schedule(0);
        scheduleDeadline();
    }

    /** After a controller restart: continues from the saved state. */
    final void resume(Host<R> h, TaskListener listener) {
        this.host = h;
        if (done.get()) {
            return;
        }
        listener.getLogger().println(resuming());
        schedule(0);
        scheduleDeadline();
    }

    /** Stops at once, interrupting a call in flight (a call to an agent is cancelled there too); true the first time. */
    boolean stop() {
        boolean first = done.compareAndSet(false, true);
        cancel(deadlineTask);
        cancel(task);
        return first;
    }

    final boolean inFlight() {
        return inFlight;
    }

    final boolean done() {
        return done.get();
    }

    final boolean waitingForAgent() {
        return waitingForAgent;
    }

    final Host<R> host() {
        return host;
    }

    private static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(true);
        }
    }

    /** The next step in {@code delayMillis} (a watch may route it through a shared call instead, then run {@link #stepNow}). */
    void schedule(long delayMillis) {
        if (!done.get()) {
            task = WatchPool.schedule(this::step, delayMillis);
        }
    }

    /** The next step, now, on this thread (a shared poll's round). */
    final void stepNow() {
        step();
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
        if (!inFlight && !awaitingSharedCall()) {
            // Between calls the next call is due by the deadline and gives the verdict itself (or the agent wait its failure).
            deadlineTask = WatchPool.schedule(this::deadline, DEADLINE_GRACE_MILLIS);
            return;
        }
        Host<R> h = host;
        if (!done.compareAndSet(false, true)) {
            return;
        }
        cancel(task);
        try {
            deadlinePassed(h);
        } catch (IOException | InterruptedException | RuntimeException e) {
            h.failed(e);
        }
    }

    /** The verdict at the deadline (the watch is already done): reported, then given to the host. */
    final void finishAtDeadline(Host<R> h, R result) throws IOException, InterruptedException {
        report(h.run(), h.listener(), result);
        h.finished(result);
    }

    private void step() {
        if (done.get()) {
            return;
        }
        inFlight = true;
        Host<R> h = host;
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
                listener.getLogger().println("The agent is back; going on to " + activity() + ".");
            }
            advance(h, listener, run, env, workspace);
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
    static <T> T call(FilePath workspace, MasterToSlaveFileCallable<T> callable) throws IOException, InterruptedException {
        return call(workspace, callable, REMOTE_TIMEOUT_SECONDS);
    }

    static <T> T call(FilePath workspace, MasterToSlaveFileCallable<T> callable, long timeoutSeconds) throws IOException, InterruptedException {
        if (workspace == null) {
            return callable.invoke(null, null);
        }
        Future<T> remote = workspace.actAsync(callable);
        try {
            return remote.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            remote.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            remote.cancel(true);
            throw new IOException("the agent did not answer within " + timeoutSeconds + " s", e);
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
            fail(new AbortException("The agent was not reachable to " + activity() + " before the timeout (" + why.getMessage() + "); " + unknownOutcome()));
            return;
        }
        if (!waitingForAgent) {
            waitingForAgent = true;
            listener.getLogger().println("Waiting for the agent to " + activity() + " (" + why.getMessage() + "); trying again every "
                    + AGENT_RETRY_MILLIS / 1000 + " s until the timeout.");
        }
        LOGGER.log(Level.FINE, "agent not reachable to " + activity(), why);
        schedule(AGENT_RETRY_MILLIS);
    }

    /** The credentials of the next call: the role session while it lasts, else the step's, resolved again every 10 minutes. */
    final AwsTarget target(Run<?, ?> run) throws AbortException {
        AwsTarget s = session;
        if (s != null && s.usable(Clock.systemUTC())) {
            return s;
        }
        session = null;
        return stepTarget(run);
    }

    /** The step's own credentials (and role to assume), without this watch's session; resolved again every 10 minutes. */
    final AwsTarget stepTarget(Run<?, ?> run) throws AbortException {
        AwsTarget t = target;
        if (t == null || System.nanoTime() - targetResolvedAt > CREDENTIALS_TTL_NANOS) {
            t = AwsTargets.resolve(run, region, credentialsId, roleArn);
            target = t;
            targetResolvedAt = System.nanoTime();
        }
        return t;
    }

    final void keepSession(AwsTarget assumed) {
        if (assumed != null) {
            session = assumed;
        }
    }

    final String credentialsId() {
        return credentialsId;
    }

    final String roleArn() {
        return roleArn;
    }

    /** Whose credentials the calls use, for the first line. */
    final String callsFrom() {
        return onAgent ? "" : ", calls from the controller with credentials " + credentialsId;
    }

    final void finish(Run<?, ?> run, TaskListener listener, R result) {
        if (done.compareAndSet(false, true)) {
            ended();
            report(run, listener, result);
            host.finished(result);
        }
    }

    final void fail(Throwable t) {
        if (done.compareAndSet(false, true)) {
            ended();
            host.failed(t);
        }
    }

    /** The watch has its verdict or failed: what a subclass holds for the polls it will not make is let go. */
    void ended() {
    }

    /**
     * Runs the watch in a freestyle build, whose executor it holds meanwhile: the calls on the build's agent,
     * nothing saved; an abort of the build stops the watch at once.
     */
    static <R> R inFreestyleBuild(AgentWatch<R> watch, Run<?, ?> run, FilePath workspace, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        CompletableFuture<R> verdict = new CompletableFuture<>();
        watch.start(new Host<R>() {
            @Override
            public Run<?, ?> run() {
                return run;
            }

            @Override
            public TaskListener listener() {
                return listener;
            }

            @Override
            public EnvVars environment() {
                return env;
            }

            @Override
            public FilePath workspace() {
                return workspace;
            }

            @Override
            public void saveState() {
                // A freestyle build does not survive a restart: nothing to save.
            }

            @Override
            public void finished(R result) {
                verdict.complete(result);
            }

            @Override
            public void failed(Throwable cause) {
                verdict.completeExceptionally(cause);
            }
        });
        try {
            return verdict.get();
        } catch (InterruptedException e) {
            watch.stop();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause);
        }
    }
}
