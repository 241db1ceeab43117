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
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The ECS calls made on the agent, one remote call each: UpdateService (the first half of a deploy)
 * and one poll of a watch. Between calls nothing runs and no thread waits: the controller keeps the
 * serializable {@link WatchState} and schedules the next poll.
 */
final class EcsCalls {
    /** The controller schedules the polls; the watcher here only lends the Deployer its clock and region. */
    private static final Scheduler NOT_SCHEDULED = (task, delay) -> () -> {
    };

    private EcsCalls() {
    }

    /** UpdateService, answering our new deployment's first watch state. */
    static final class UpdateService extends MasterToSlaveFileCallable<WatchStart> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final DeploySpec spec;
        private final TaskListener listener;

        UpdateService(AwsTarget target, Map<String, String> environment, DeploySpec spec, TaskListener listener) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.spec = spec;
            this.listener = listener;
        }

        @Override
        public WatchStart invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                DeployRequest request = spec.request();
                AwsSettings settings = target.settings(environment, null);
                BuildLog.identity(listener, settings);
                try (EcsClient ecs = AwsClients.ecs(settings)) {
                    DeploymentWatcher watcher = new DeploymentWatcher(ecs, NOT_SCHEDULED, Clock.systemUTC(), settings.region().id());
                    WatchState started = new Deployer(ecs, watcher).update(request, BuildLog.to(listener));
                    return new WatchStart(started, watcher.consoleUrl(request.cluster(), request.service()));
                }
            });
        }
    }

    /** One poll: from {@code state}, or from the start when it is null. */
    static final class Poll extends MasterToSlaveFileCallable<PollReply> {
        private static final long serialVersionUID = 1L;

        private final AwsTarget target;
        private final HashMap<String, String> environment;
        private final String cluster;
        private final String service;
        private final String deploymentId;
        private final Duration timeout;
        private final WatchState state;
        private final TaskListener listener;

        Poll(AwsTarget target, Map<String, String> environment, String cluster, String service, String deploymentId, Duration timeout,
             WatchState state, TaskListener listener) {
            this.target = target;
            this.environment = new HashMap<>(environment);
            this.cluster = cluster;
            this.service = service;
            this.deploymentId = deploymentId;
            this.timeout = timeout;
            this.state = state;
            this.listener = listener;
        }

        @Override
        public PollReply invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
            return AgentWork.run(() -> {
                AwsSettings settings = target.settings(environment, null);
                if (state == null) {
                    BuildLog.identity(listener, settings);
                }
                try (EcsClient ecs = AwsClients.ecs(settings)) {
                    Clock clock = Clock.systemUTC();
                    String region = settings.region().id();
                    WatchState from = state != null ? state : WatchState.start(cluster, service, deploymentId, clock.millis());
                    PollOutcome outcome = new DeploymentPoller(ecs, clock, region).poll(from, timeout, PollPolicy.DEFAULT);
                    String consoleUrl = state == null ? DeploymentWatcher.consoleUrl(region, cluster, service) : null;
                    return new PollReply(outcome, consoleUrl);
                }
            });
        }
    }
}
