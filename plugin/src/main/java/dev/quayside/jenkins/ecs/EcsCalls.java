package dev.quayside.jenkins.ecs;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeployRequest;
import dev.quayside.engine.deploy.Deployer;
import dev.quayside.engine.deploy.DeploymentPoller;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.engine.deploy.PollPolicy;
import dev.quayside.engine.deploy.WatchState;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The ECS calls of a watch, one remote call each: the deploy's create-or-update (after its read-only
 * checks and pre-flight) and one poll. They run on the agent (with its identity and the build's environment) or, outside
 * {@code node {}}, on the controller with the step's credentials only. Between calls nothing runs and
 * no thread waits: the watch keeps the serializable {@link WatchState} and schedules the next poll.
 * Each answer carries the role session the call assumed, so that the next calls reuse it.
 */
final class EcsCalls {
    /** The watch schedules the polls; the watcher here only lends the Deployer its clock and region. */
    private static final Scheduler NOT_SCHEDULED = (task, delay) -> () -> {
    };

    private EcsCalls() {
    }

    private static AwsSettings settings(AwsTarget target, Map<String, String> environment, boolean onController) {
        return onController ? target.onController(environment) : target.settings(environment, null);
    }

    /** UpdateService, answering our new deployment's first watch state. */
    static final class UpdateService extends MasterToSlaveFileCallable<WatchStart> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final boolean onController;
        private final DeploySpec spec;
        private final Integer logLines;
        private final TaskListener listener;

        UpdateService(AwsTarget target, Map<String, String> environment, boolean onController, DeploySpec spec, Integer logLines, TaskListener listener) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.onController = onController;
            this.spec = spec;
            this.logLines = logLines;
            this.listener = listener;
        }

        @Override
        public WatchStart invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                DeployRequest request = spec.request(workspace, environment);
                AwsSettings settings = settings(target, environment, onController);
                BuildLog.identity(listener, settings);
                try (EcsClient ecs = AwsClients.ecs(settings); EcrClient ecr = AwsClients.ecr(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
                    DeploymentWatcher watcher = new DeploymentWatcher(ecs, NOT_SCHEDULED, Clock.systemUTC(), settings.region().id());
                    Preflight preflight = new Preflight(ecr, logs, settings.region().id(), BuildLog.to(listener));
                    WatchState deployed = new Deployer(ecs, watcher, preflight).update(request, BuildLog.to(listener));
                    WatchState started = logLines == null ? deployed : deployed.withLogLines(logLines);
                    return new WatchStart(started, watcher.consoleUrl(request.cluster(), request.service()), target.withSessionOf(settings).orElse(null));
                }
            });
        }
    }

    /** One poll: from {@code state}, or from the start when it is null. */
    static final class Poll extends MasterToSlaveFileCallable<PollReply> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final boolean onController;
        private final String cluster;
        private final String service;
        private final String deploymentId;
        private final Duration timeout;
        private final Integer logLines;
        private final WatchState state;
        private final TaskListener listener;
        /** The service as a call shared with other watches on the controller described it; null: this poll describes it. Never sent. */
        private final transient DeploymentPoller.Described described;

        Poll(AwsTarget target, Map<String, String> environment, boolean onController, String cluster, String service, String deploymentId,
             Duration timeout, Integer logLines, WatchState state, TaskListener listener, DeploymentPoller.Described described) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.onController = onController;
            this.cluster = cluster;
            this.service = service;
            this.deploymentId = deploymentId;
            this.timeout = timeout;
            this.logLines = logLines;
            this.state = state;
            this.listener = listener;
            this.described = described;
        }

        @Override
        public PollReply invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                AwsSettings settings = settings(target, environment, onController);
                if (state == null) {
                    BuildLog.identity(listener, settings);
                }
                try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
                    Clock clock = Clock.systemUTC();
                    String region = settings.region().id();
                    WatchState from = state != null ? state : WatchState.start(cluster, service, deploymentId, clock.millis());
                    if (state == null && logLines != null) {
                        from = from.withLogLines(logLines);
                    }
                    DeploymentPoller poller = new DeploymentPoller(ecs, clock, region, new TaskLogs(ecs, logs, region));
                    PollOutcome outcome = described == null ? poller.poll(from, timeout, PollPolicy.DEFAULT)
                            : poller.poll(from, timeout, PollPolicy.DEFAULT, described);
                    String consoleUrl = state == null ? DeploymentWatcher.consoleUrl(region, cluster, service) : null;
                    return new PollReply(outcome, region, consoleUrl, target.withSessionOf(settings).orElse(null));
                }
            });
        }
    }
}
