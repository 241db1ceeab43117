package dev.quayside.engine.deploy;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.service.ServiceDefinition;
import dev.quayside.engine.service.ServicePlan;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A deploy: read and check everything (the service definition, the cluster, the service, the task
 * definitions, and the pre-flight of images and log groups) with read-only calls; only then create or
 * update the service, remember the new deployment's id, and watch it to a verdict.
 */
public final class Deployer {
    private final EcsClient ecs;
    private final DeploymentWatcher watcher;
    private final Preflight preflight;
    private final Clock clock;

    /** {@code preflight} may be null: the deploy then says the pre-flight was not run. */
    public Deployer(EcsClient ecs, DeploymentWatcher watcher, Preflight preflight) {
        this.ecs = ecs;
        this.watcher = watcher;
        this.preflight = preflight;
        this.clock = watcher.clock();
    }

    public Watch deploy(DeployRequest request, ProgressListener listener, Consumer<WatchState> checkpoint) {
        WatchState started = update(request, listener);
        return watcher.watch(WatchRequest.builder().resumeFrom(started).timeout(request.timeout()).pollPolicy(request.pollPolicy()).build(),
                listener, checkpoint);
    }

    /**
     * The create-or-update half alone: the new deployment's first watch state, for front ends that drive
     * the polls themselves (Jenkins, across restarts).
     */
    public WatchState update(DeployRequest request, ProgressListener listener) {
        ServiceDefinition definition = request.serviceDefinition() == null ? null : ServiceDefinition.read(request.serviceDefinition(), request.variables());
        String taskDefinition = request.taskDefinition() != null ? request.taskDefinition()
                : definition == null ? null : definition.createRequest().taskDefinition();
        String what = "deploy service " + request.service() + " in cluster " + request.cluster();

        Cluster cluster = describeCluster(request.cluster(), what);
        Service existing = cluster == null ? null : describeService(request.cluster(), request.service(), what);
        TaskDefinition running = existing == null ? null : describeTaskDefinition(existing.taskDefinition(), what);
        TaskDefinition next = taskDefinition == null ? running : describeTaskDefinition(taskDefinition, what);
        String source = definition == null ? "deploy" : definition.source();
        List<CapacityProviderStrategyItem> providers = request.capacityProviders();
        ServicePlan plan = ServicePlan.of(new ServicePlan.Inputs(request.cluster(), request.service(), definition,
                        taskDefinition, request.desiredCount(), request.forceNewDeployment(), providers,
                        request.createCluster()),
                new ServicePlan.Current(cluster, existing, running, next), source);
        plan.warnings().forEach(w -> listener.onEvent(Event.warning("deploy.warning", "warning: " + w)));
        if (next != null && request.preflight()) {
            if (preflight == null) {
                listener.onEvent(Event.of(Event.Level.INFO, "preflight.note", "Pre-flight: not run here", Map.of()));
            } else {
                preflight.check(next, what + " with " + next.family() + ":" + next.revision(), false);
            }
        }
        report(plan, listener);

        Service service = plan.creates() ? create(plan, request, listener, what) : update(plan, what);
        Deployment primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow(() -> QuaysideException.of(Failure.REMOTE, what, "ECS reported no PRIMARY deployment", null));
        String strategy = primary.capacityProviderStrategy().isEmpty() ? "" : ", capacity providers " + ServicePlan.describe(primary.capacityProviderStrategy());
        listener.onEvent(Event.of(Event.Level.INFO, "deploy.started", (plan.creates() ? "Created service " : "Updated service ") + request.service() + " to "
                + DeploymentObserver.shortName(primary.taskDefinition()) + strategy + ": deployment " + primary.id() + " ("
                + watcher.consoleUrl(request.cluster(), request.service()) + ")", Map.of("deploymentId", primary.id())));
        WatchState started = WatchState.start(request.cluster(), request.service(), primary.id(), clock.millis()).withChanges(plan.changes());
        return request.logLines() == null ? started : started.withLogLines(request.logLines());
    }

    private static void report(ServicePlan plan, ProgressListener listener) {
        if (plan.changes().isEmpty()) {
            listener.onEvent(Event.of(Event.Level.INFO, "deploy.changes", "No changes to the task definition or the service settings"
                    + " (a new deployment starts anyway)", Map.of()));
            return;
        }
        listener.onEvent(Event.of(Event.Level.INFO, "deploy.changes", "Changes:\n  " + String.join("\n  ", plan.changes()),
                Map.of("changes", plan.changes())));
    }

    private Service create(ServicePlan plan, DeployRequest request, ProgressListener listener, String what) {
        if (plan.createsCluster()) {
            try {
                // Both Fargate providers, so that a strategy (Fargate Spot) works on the new cluster as on the console's.
                ecs.createCluster(b -> b.clusterName(request.cluster()).capacityProviders("FARGATE", "FARGATE_SPOT"));
            } catch (SdkException e) {
                throw AwsErrors.translate("create cluster " + request.cluster(), e);
            }
            listener.onEvent(Event.of(Event.Level.INFO, "deploy.cluster", "Created cluster " + request.cluster() + " (capacity providers FARGATE, FARGATE_SPOT)",
                    Map.of("cluster", request.cluster())));
        }
        try {
            return ecs.createService(plan.createRequest()).service();
        } catch (SdkException e) {
            throw AwsErrors.translate("create service " + request.service() + " in cluster " + request.cluster()
                    + (plan.createsCluster() ? " (the cluster was created just now and is kept)" : ""), e);
        }
    }

    private Service update(ServicePlan plan, String what) {
        try {
            return ecs.updateService(plan.updateRequest()).service();
        } catch (SdkException e) {
            throw AwsErrors.translate(what + (plan.updateRequest().taskDefinition() == null ? "" : " to " + plan.updateRequest().taskDefinition()), e);
        }
    }

    private Cluster describeCluster(String cluster, String what) {
        try {
            return ecs.describeClusters(b -> b.clusters(cluster)).clusters().stream().filter(c -> !"INACTIVE".equals(c.status())).findFirst().orElse(null);
        } catch (SdkException e) {
            throw AwsErrors.translate(what + " (describe the cluster)", e);
        }
    }

    private Service describeService(String cluster, String service, String what) {
        try {
            Optional<Service> s = ecs.describeServices(b -> b.cluster(cluster).services(service)).services().stream()
                    .filter(x -> !"INACTIVE".equals(x.status())).findFirst();
            return s.orElse(null);
        } catch (SdkException e) {
            throw AwsErrors.translate(what + " (describe the service)", e);
        }
    }

    private TaskDefinition describeTaskDefinition(String taskDefinition, String what) {
        try {
            return ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)).taskDefinition();
        } catch (SdkException e) {
            throw AwsErrors.translate(what + " (describe task definition " + taskDefinition + ")", e);
        }
    }
}
