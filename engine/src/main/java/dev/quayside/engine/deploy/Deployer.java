package dev.quayside.engine.deploy;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** UpdateService, remember the new deployment's id, then watch it to a verdict. */
public final class Deployer {
    private final EcsClient ecs;
    private final DeploymentWatcher watcher;
    private final Clock clock;

    public Deployer(EcsClient ecs, DeploymentWatcher watcher) {
        this.ecs = ecs;
        this.watcher = watcher;
        this.clock = watcher.clock();
    }

    public Watch deploy(DeployRequest request, ProgressListener listener, Consumer<WatchState> checkpoint) {
        WatchState started = update(request, listener);
        return watcher.watch(WatchRequest.builder().resumeFrom(started).timeout(request.timeout()).pollPolicy(request.pollPolicy()).build(),
                listener, checkpoint);
    }

    /**
     * The UpdateService half alone: the new deployment's first watch state, for front ends that drive
     * the polls themselves (Jenkins, across restarts).
     */
    public WatchState update(DeployRequest request, ProgressListener listener) {
        Service service;
        try {
            service = ecs.updateService(b -> b.cluster(request.cluster()).service(request.service())
                    .taskDefinition(request.taskDefinition()).desiredCount(request.desiredCount())
                    .forceNewDeployment(request.forceNewDeployment() ? Boolean.TRUE : null)).service();
        } catch (SdkException e) {
            throw AwsErrors.translate("update service " + request.service() + " in cluster " + request.cluster()
                    + (request.taskDefinition() == null ? "" : " to " + request.taskDefinition()), e);
        }
        Deployment primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow(() -> QuaysideException.of(Failure.REMOTE, "update service " + request.service(), "ECS reported no PRIMARY deployment", null));
        listener.onEvent(Event.of(Event.Level.INFO, "deploy.started", "Updated service " + request.service() + " to "
                + DeploymentObserver.shortName(primary.taskDefinition()) + ": deployment " + primary.id() + " ("
                + watcher.consoleUrl(request.cluster(), request.service()) + ")", Map.of("deploymentId", primary.id())));
        return WatchState.start(request.cluster(), request.service(), primary.id(), clock.millis());
    }
}
