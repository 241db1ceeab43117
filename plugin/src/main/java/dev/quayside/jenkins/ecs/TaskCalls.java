package dev.quayside.jenkins.ecs;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.task.TaskPoll;
import dev.quayside.engine.task.TaskRun;
import dev.quayside.engine.task.TaskRunner;
import dev.quayside.engine.time.Sleeper;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The calls of a one-off task's watch, one remote call each: RunTask (after its checks), one look at
 * the task and its new log lines, and StopTask. Like {@link EcsCalls}: on the agent with its identity,
 * or on the controller with the step's credentials only; each answer carries the role session assumed.
 */
final class TaskCalls {
    /** The watch schedules the looks; the runner's own loop is not used here. */
    private static final Sleeper NOT_USED = d -> {
        throw new IllegalStateException("the watch schedules the polls");
    };

    private TaskCalls() {
    }

    /** A call's answer, and the role session it assumed (kept on the controller, in memory only), or null. */
    record Answer<T extends Serializable>(T value, String region, AwsTarget session) implements Serializable {
    }

    private abstract static class Call<T extends Serializable> extends MasterToSlaveFileCallable<Answer<T>> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final boolean onController;
        final TaskListener listener;

        Call(AwsTarget target, Map<String, String> environment, boolean onController, TaskListener listener) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.onController = onController;
            this.listener = listener;
        }

        abstract T call(TaskRunner runner, AwsSettings settings);

        @Override
        public Answer<T> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                AwsSettings settings = onController ? target.onController(environment) : target.settings(environment, null);
                try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
                    T value = call(new TaskRunner(ecs, logs, Clock.systemUTC(), NOT_USED, BuildLog.to(listener)), settings);
                    return new Answer<>(value, settings.region().id(), target.withSessionOf(settings).orElse(null));
                }
            });
        }
    }

    /** RunTask, answering the started task. */
    static final class Start extends Call<TaskRun> {
        private static final long serialVersionUID = 1L;

        private final TaskSpec spec;

        Start(AwsTarget target, Map<String, String> environment, boolean onController, TaskSpec spec, TaskListener listener) {
            super(target, environment, onController, listener);
            this.spec = spec;
        }

        @Override
        TaskRun call(TaskRunner runner, AwsSettings settings) {
            BuildLog.identity(listener, settings);
            return runner.start(spec.request());
        }
    }

    /** One look at the task: its state, its new log lines, its verdict once stopped. */
    static final class Poll extends Call<TaskPoll> {
        private static final long serialVersionUID = 1L;

        private final TaskRun run;

        Poll(AwsTarget target, Map<String, String> environment, boolean onController, TaskRun run, TaskListener listener) {
            super(target, environment, onController, listener);
            this.run = run;
        }

        @Override
        TaskPoll call(TaskRunner runner, AwsSettings settings) {
            return runner.poll(run);
        }
    }

    /** StopTask, with why; a failure to stop it is a warning in the log. */
    static final class Stop extends Call<String> {
        private static final long serialVersionUID = 1L;

        private final TaskRun run;
        private final String reason;

        Stop(AwsTarget target, Map<String, String> environment, boolean onController, TaskRun run, String reason, TaskListener listener) {
            super(target, environment, onController, listener);
            this.run = run;
            this.reason = reason;
        }

        @Override
        String call(TaskRunner runner, AwsSettings settings) {
            runner.stop(run, reason);
            return run.taskArn();
        }
    }
}
