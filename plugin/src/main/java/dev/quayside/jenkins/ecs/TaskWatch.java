package dev.quayside.jenkins.ecs;

import dev.quayside.engine.task.TaskPoll;
import dev.quayside.engine.task.TaskRun;
import dev.quayside.engine.task.TaskRunner;
import dev.quayside.engine.time.Durations;
import dev.quayside.jenkins.report.BuildLog;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The watch of a one-off task (ecsRunTask and its freestyle twin): RunTask, then a look every few seconds,
 * printing its state changes and its containers' log lines as they arrive, until it stops (see
 * {@link AgentWatch}). The task and how far its logs were read are saved with the Pipeline, so that after
 * a restart the watch goes on without repeating or losing a line. At the timeout, or when the build is
 * aborted, the task is stopped (StopTask) before the step fails.
 */
final class TaskWatch extends AgentWatch<TaskVerdict> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(TaskWatch.class.getName());
    /** StopTask at an abort or the deadline may take this long. */
    static final long STOP_TIMEOUT_SECONDS = 30;

    private final TaskSpec spec;
    private volatile TaskRun run;
    private volatile String consoleUrl;

    TaskWatch(TaskSpec spec, String region, String credentialsId, String roleArn, boolean onAgent, long startedAtMillis) {
        super(spec.timeout(), region, credentialsId, roleArn, onAgent, startedAtMillis);
        this.spec = spec;
    }

    @Override
    String status() {
        TaskRun r = run;
        if (waitingForAgent()) {
            return "waiting for the agent to follow " + spec.taskDefinition();
        }
        return r == null ? "starting task " + spec.taskDefinition() + " in " + spec.cluster()
                : "task " + r.taskId() + " of " + r.taskDefinition() + " in " + spec.cluster() + (r.lastStatus() == null ? "" : ": " + r.lastStatus());
    }

    @Override
    String activity() {
        TaskRun r = run;
        return r == null ? "start task " + spec.taskDefinition() : "follow task " + r.taskId();
    }

    @Override
    String unknownOutcome() {
        TaskRun r = run;
        return r == null ? "whether a task started is unknown: look for tasks of " + spec.taskDefinition() + " in cluster " + spec.cluster()
                : "task " + r.taskId() + " may still run: see " + consoleUrl;
    }

    @Override
    String resuming() {
        TaskRun r = run;
        return "Resuming the watch of " + (r == null ? "task " + spec.taskDefinition() : "task " + r.taskId() + " of " + r.taskDefinition()) + " in "
                + spec.cluster() + " after a restart";
    }

    @Override
    String failure(TaskVerdict verdict) {
        return verdict.failure();
    }

    @Override
    Object stepResult(TaskVerdict verdict) {
        return verdict.toMap();
    }

    @Override
    void report(Run<?, ?> build, TaskListener listener, TaskVerdict verdict) {
        verdict.report(build, listener);
    }

    @Override
    void advance(Host<TaskVerdict> h, TaskListener listener, Run<?, ?> build, EnvVars env, FilePath workspace) throws IOException, InterruptedException {
        if (run == null) {
            TaskCalls.Answer<TaskRun> started = call(workspace, new TaskCalls.Start(target(build), env, !onAgent, spec, listener));
            keepSession(started.session());
            run = started.value();
            consoleUrl = TaskRunner.consoleUrl(started.region(), spec.cluster(), run.taskId());
            h.saveState();
            if (done()) {
                stopTask(h, "quayside: the watch ended while the task started"); // an abort or the deadline came during RunTask
                return;
            }
            BuildLog.link(listener, "Following task " + run.taskId() + " (timeout " + Durations.human(timeout) + callsFrom() + ").", consoleUrl,
                    "ECS console");
        }
        TaskCalls.Answer<TaskPoll> answer = call(workspace, new TaskCalls.Poll(target(build), env, !onAgent, run, listener));
        if (done()) {
            return;
        }
        keepSession(answer.session());
        TaskPoll poll = answer.value();
        run = poll.state();
        poll.lines().forEach(line -> BuildLog.print(listener, line));
        if (!poll.lines().isEmpty()) {
            h.saveState();
        }
        if (poll.finished()) {
            finish(build, listener, verdict(poll.result().orElse(null), poll.failure().map(Throwable::getMessage).orElse(null)));
        } else {
            schedule(poll.nextDelay().toMillis());
        }
    }

    /** A call hung past the deadline: the task is stopped, and the step fails with the timeout. */
    @Override
    void deadlinePassed(Host<TaskVerdict> h) throws IOException, InterruptedException {
        if (run == null) {
            h.failed(new AbortException("No answer from AWS to RunTask of " + spec.taskDefinition() + " within the timeout (" + Durations.human(timeout)
                    + "); " + unknownOutcome()));
            return;
        }
        stopTask(h, TaskRunner.timeoutReason(run));
        finishAtDeadline(h, verdict(null, TaskRunner.timedOut(run).getMessage()));
    }

    /** An abort: the task is stopped too, so that nothing runs on that nobody watches. */
    @Override
    boolean stop() {
        boolean first = super.stop();
        if (first && run != null) {
            stopTask(host(), "quayside: the build was aborted");
        }
        return first;
    }

    private void stopTask(Host<TaskVerdict> h, String reason) {
        TaskRun r = run;
        try {
            TaskListener listener = h.listener();
            FilePath workspace = onAgent ? h.workspace() : null;
            call(workspace, new TaskCalls.Stop(target(h.run()), h.environment(), !onAgent, r, reason, listener), STOP_TIMEOUT_SECONDS);
            listener.getLogger().println("Stopped task " + r.taskId() + " (" + reason + ").");
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not stop task " + r.taskArn(), e);
            try {
                h.listener().getLogger().println("warning: could not stop task " + r.taskId() + " (" + e.getMessage() + "); stop it yourself: aws ecs stop-task"
                        + " --cluster " + spec.cluster() + " --task " + r.taskId());
            } catch (IOException | InterruptedException e2) {
                LOGGER.log(Level.FINE, "no log to warn in", e2);
            }
        }
    }

    private TaskVerdict verdict(TaskRunner.Result result, String failure) {
        TaskRun r = run;
        return new TaskVerdict(r.taskArn(), r.taskDefinition(), result, failure, System.currentTimeMillis() - startedAtMillis, consoleUrl);
    }
}
