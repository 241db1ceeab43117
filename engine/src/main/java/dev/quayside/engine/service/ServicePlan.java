package dev.quayside.engine.service;

import dev.quayside.engine.document.Problems;
import dev.quayside.engine.errors.QuaysideException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * What a deploy will do, decided before any change: create the service (and its cluster, if asked) or
 * update it with every field the definition gives that UpdateService can change; what cannot change
 * in place is refused, naming the field. Carries the checks' warnings and the diff against what the
 * service runs now.
 */
public final class ServicePlan {
    private final CreateServiceRequest create;
    private final UpdateServiceRequest update;
    private final boolean createCluster;
    private final List<String> changes;
    private final List<String> warnings;

    private ServicePlan(CreateServiceRequest create, UpdateServiceRequest update, boolean createCluster, List<String> changes, List<String> warnings) {
        this.create = create;
        this.update = update;
        this.createCluster = createCluster;
        this.changes = List.copyOf(changes);
        this.warnings = List.copyOf(warnings);
    }

    /** What the deploy asks for, beyond the service's identity. */
    public record Inputs(String cluster, String service, ServiceDefinition definition, String taskDefinition, Integer desiredCount,
                         boolean forceNewDeployment, List<CapacityProviderStrategyItem> capacityProviders, boolean createCluster) {
    }

    /** What AWS said before the deploy (read-only calls): the cluster, the service and the task definitions, each null when absent. */
    public record Current(Cluster cluster, Service service, TaskDefinition runningTaskDefinition, TaskDefinition newTaskDefinition) {
    }

    public static ServicePlan of(Inputs in, Current now, String source) {
        Problems p = new Problems(source);
        ServiceDefinition def = in.definition();
        CreateServiceRequest file = def == null ? null : def.createRequest();
        Service existing = now.service();
        if (file != null) {
            // As with the aws CLI, the deploy's own names win: one file can serve several clusters (staging, prod).
            if (file.cluster() != null && !file.cluster().equals(in.cluster())) {
                p.warning("cluster", "the file names cluster " + file.cluster() + "; deploying to " + in.cluster() + " as asked");
            }
            if (file.serviceName() != null && !file.serviceName().equals(in.service())) {
                p.warning("serviceName", "the file names service " + file.serviceName() + "; deploying " + in.service() + " as asked");
            }
        }
        List<CapacityProviderStrategyItem> strategy = !in.capacityProviders().isEmpty() ? in.capacityProviders()
                : file != null && def.has("capacityProviderStrategy") ? file.capacityProviderStrategy()
                : existing != null ? existing.capacityProviderStrategy() : List.of();
        String launchType = !in.capacityProviders().isEmpty() ? null
                : file != null && def.has("launchType") ? file.launchTypeAsString()
                : existing != null && strategy.isEmpty() ? existing.launchTypeAsString() : null;
        NetworkConfiguration network = file != null && def.has("networkConfiguration") ? file.networkConfiguration()
                : existing == null ? null : existing.networkConfiguration();
        List<LoadBalancer> loadBalancers = file != null && def.has("loadBalancers") ? file.loadBalancers()
                : existing == null ? List.of() : existing.loadBalancers();
        Integer grace = file != null && def.has("healthCheckGracePeriodSeconds") ? file.healthCheckGracePeriodSeconds()
                : existing == null ? null : existing.healthCheckGracePeriodSeconds();
        Integer desired = in.desiredCount() != null ? in.desiredCount() : file != null && def.has("desiredCount") ? file.desiredCount()
                : existing == null ? null : existing.desiredCount();
        DeploymentConfiguration deployment = file != null && def.has("deploymentConfiguration") ? file.deploymentConfiguration()
                : existing == null ? null : existing.deploymentConfiguration();
        Cluster cluster = now.cluster();
        if (cluster == null && !in.createCluster()) {
            p.error("cluster", "cluster " + in.cluster() + " does not exist" + (def == null ? "" : "; create it with the deploy (--create-cluster, createCluster: true)"));
        }
        // What the deploy leaves as it is was ECS's to accept before; only a new service or a given network is checked.
        boolean checkNetwork = existing == null || def != null && def.has("networkConfiguration");
        ServiceChecks.check(new ServiceChecks.Desired(launchType, strategy, checkNetwork, network, loadBalancers, grace, desired, deployment),
                now.newTaskDefinition(), cluster, p);
        boolean strategyChanged = existing != null && !strategy.isEmpty() && !sameStrategy(strategy, existing.capacityProviderStrategy());

        CreateServiceRequest create = null;
        UpdateServiceRequest update = null;
        if (existing == null) {
            if (def == null) {
                p.error("service", "service " + in.service() + " does not exist in cluster " + in.cluster()
                        + "; give a service definition (--service-definition, serviceDefinition:) to create it");
            } else {
                // The task definition as given (as the aws CLI sends it), not resolved: ECS resolves a family to its latest revision.
                CreateServiceRequest.Builder b = file.toBuilder().cluster(in.cluster()).serviceName(in.service());
                if (in.taskDefinition() != null) {
                    b.taskDefinition(in.taskDefinition());
                }
                if (in.desiredCount() != null) {
                    b.desiredCount(in.desiredCount());
                }
                if (!in.capacityProviders().isEmpty()) {
                    b.capacityProviderStrategy(in.capacityProviders()).launchType((String) null);
                }
                if (file.clientToken() == null) {
                    // Retried by the SDK after a lost answer, the same token makes CreateService idempotent.
                    b.clientToken(in.cluster() + "-" + in.service() + "-" + Integer.toHexString(Objects.hash(file.toString(), in.taskDefinition())));
                }
                create = b.build();
                if (create.taskDefinition() == null) {
                    p.error("taskDefinition", "is required to create service " + in.service());
                }
            }
        } else {
            if (file != null) {
                refuseCreateOnly(file, def, existing, p);
            }
            UpdateServiceRequest fromFile = def == null ? null : def.updateRequest(in.cluster(), in.service(), in.taskDefinition(), p);
            UpdateServiceRequest.Builder b = fromFile != null ? fromFile.toBuilder()
                    : UpdateServiceRequest.builder().cluster(in.cluster()).service(in.service()).taskDefinition(in.taskDefinition());
            if (in.desiredCount() != null) {
                b.desiredCount(in.desiredCount());
            }
            if (!in.capacityProviders().isEmpty()) {
                b.capacityProviderStrategy(in.capacityProviders());
            }
            boolean force = in.forceNewDeployment() || strategyChanged;
            if (strategyChanged && !in.forceNewDeployment()) {
                p.warning("capacityProviderStrategy", "changes, which ECS applies only with a new deployment: forcing one");
            }
            b.forceNewDeployment(force ? Boolean.TRUE : null);
            update = b.build();
        }
        p.throwIfAny();
        List<String> changes = diff(now, existing, in, strategy, launchType, network, loadBalancers, desired, deployment, def);
        return new ServicePlan(create, update, cluster == null, changes, p.warnings());
    }

    private static void refuseCreateOnly(CreateServiceRequest file, ServiceDefinition def, Service existing, Problems p) {
        if (def.has("schedulingStrategy") && !Objects.equals(file.schedulingStrategyAsString(), existing.schedulingStrategyAsString())) {
            p.error("schedulingStrategy", "is " + existing.schedulingStrategyAsString() + " on the service and " + file.schedulingStrategyAsString()
                    + " in the file; it cannot change in place: create a new service (or keep " + existing.schedulingStrategyAsString() + ")");
        }
        if (def.has("role") && file.role() != null && !file.role().equals(existing.roleArn())
                && !existing.roleArn().endsWith("/" + file.role()) && !existing.roleArn().endsWith(":role/" + file.role())) {
            p.error("role", "the service uses " + existing.roleArn() + "; its role cannot change in place: create a new service, or remove role from the file");
        }
        if (def.has("launchType") && file.launchType() != null && existing.launchType() != null && !file.launchTypeAsString().equals(existing.launchTypeAsString())) {
            p.error("launchType", "is " + existing.launchTypeAsString() + " on the service and " + file.launchTypeAsString()
                    + " in the file; a launch type cannot change in place (a capacity provider strategy can: use capacityProviderStrategy)");
        }
        if (def.has("deploymentController") && file.deploymentController() != null && existing.deploymentController() != null
                && !Objects.equals(file.deploymentController().typeAsString(), existing.deploymentController().typeAsString())) {
            p.error("deploymentController.type", "is " + existing.deploymentController().typeAsString() + " on the service; it cannot change in place");
        }
        if (def.has("tags") && !file.tags().isEmpty()) {
            p.warning("tags", "are set only when a service is created; the existing service keeps its tags");
        }
    }

    private static boolean sameStrategy(List<CapacityProviderStrategyItem> a, List<CapacityProviderStrategyItem> b) {
        return describe(a).equals(describe(b));
    }

    public boolean creates() {
        return create != null;
    }

    /** Whether the cluster must be created first. */
    public boolean createsCluster() {
        return createCluster;
    }

    public CreateServiceRequest createRequest() {
        return create;
    }

    public UpdateServiceRequest updateRequest() {
        return update;
    }

    /** Diff lines: "--- ..." / "+++ ..." headers, then "-key: old" / "+key: new"; empty when nothing changes. */
    public List<String> changes() {
        return changes;
    }

    public List<String> warnings() {
        return warnings;
    }

    private static List<String> diff(Current now, Service existing, Inputs in, List<CapacityProviderStrategyItem> strategy, String launchType,
                                     NetworkConfiguration network, List<LoadBalancer> loadBalancers, Integer desired, DeploymentConfiguration deployment,
                                     ServiceDefinition def) {
        Map<String, String> before = new LinkedHashMap<>();
        if (existing != null) {
            settings(before, now.runningTaskDefinition(), existing.desiredCount(), existing.capacityProviderStrategy(), existing.launchTypeAsString(),
                    existing.networkConfiguration(), existing.loadBalancers(), existing.deploymentConfiguration(), existing.platformVersion(),
                    existing.enableExecuteCommand());
        }
        Map<String, String> after = new LinkedHashMap<>();
        CreateServiceRequest file = def == null ? null : def.createRequest();
        settings(after, now.newTaskDefinition() != null ? now.newTaskDefinition() : now.runningTaskDefinition(), desired, strategy, launchType, network,
                loadBalancers, deployment, file != null && def.has("platformVersion") ? file.platformVersion() : existing == null ? null : existing.platformVersion(),
                file != null && def.has("enableExecuteCommand") ? file.enableExecuteCommand() : existing == null ? null : existing.enableExecuteCommand());
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> lines = new ArrayList<>();
        for (String key : keys) {
            String old = before.get(key);
            String neu = after.get(key);
            if (!Objects.equals(old, neu)) {
                if (old != null) {
                    lines.add("-" + key + ": " + old);
                }
                if (neu != null) {
                    lines.add("+" + key + ": " + neu);
                }
            }
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("--- " + (existing == null ? "(no service)" : "service " + in.service() + " now"));
        out.add("+++ service " + in.service() + " after the deploy");
        out.addAll(lines);
        return out;
    }

    private static void settings(Map<String, String> m, TaskDefinition td, Integer desired, List<CapacityProviderStrategyItem> strategy, String launchType,
                                 NetworkConfiguration network, List<LoadBalancer> loadBalancers, DeploymentConfiguration deployment, String platformVersion,
                                 Boolean execute) {
        if (td != null) {
            m.put("taskDefinition", td.family() + ":" + td.revision());
            put(m, "cpu", td.cpu());
            put(m, "memory", td.memory());
            for (ContainerDefinition c : td.containerDefinitions()) {
                String at = "container " + c.name();
                m.put(at + " image", String.valueOf(c.image()));
                c.environment().stream().sorted((x, y) -> String.valueOf(x.name()).compareTo(String.valueOf(y.name())))
                        .forEach(e -> m.put(at + " environment " + e.name(), String.valueOf(e.value())));
                c.secrets().forEach(s -> m.put(at + " secret " + s.name(), String.valueOf(s.valueFrom())));
            }
        }
        put(m, "desiredCount", desired);
        if (strategy != null && !strategy.isEmpty()) {
            m.put("capacityProviderStrategy", describe(strategy));
        } else {
            put(m, "launchType", launchType);
        }
        if (network != null && network.awsvpcConfiguration() != null) {
            m.put("subnets", String.join(",", network.awsvpcConfiguration().subnets()));
            m.put("securityGroups", String.join(",", network.awsvpcConfiguration().securityGroups()));
            put(m, "assignPublicIp", network.awsvpcConfiguration().assignPublicIpAsString());
        }
        if (loadBalancers != null && !loadBalancers.isEmpty()) {
            m.put("loadBalancers", loadBalancers.stream().map(lb -> (lb.targetGroupArn() != null ? lb.targetGroupArn() : lb.loadBalancerName())
                    + " -> " + lb.containerName() + ":" + lb.containerPort()).collect(Collectors.joining(", ")));
        }
        if (deployment != null) {
            put(m, "minimumHealthyPercent", deployment.minimumHealthyPercent());
            put(m, "maximumPercent", deployment.maximumPercent());
            if (deployment.deploymentCircuitBreaker() != null) {
                m.put("circuitBreaker", Boolean.TRUE.equals(deployment.deploymentCircuitBreaker().enable())
                        ? "on" + (Boolean.TRUE.equals(deployment.deploymentCircuitBreaker().rollback()) ? ", rollback" : "") : "off");
            }
        }
        put(m, "platformVersion", platformVersion);
        put(m, "enableExecuteCommand", execute);
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, String.valueOf(value));
        }
    }

    /** "FARGATE_SPOT weight 3, FARGATE weight 1 base 1". */
    public static String describe(List<CapacityProviderStrategyItem> strategy) {
        return strategy.stream().map(i -> i.capacityProvider() + " weight " + (i.weight() == null ? 0 : i.weight())
                + (i.base() == null || i.base() == 0 ? "" : " base " + i.base())).collect(Collectors.joining(", "));
    }

    /** NAME[:weight[:base]], as the CLI and the steps take it (weight 1 when not given). */
    public static CapacityProviderStrategyItem capacityProvider(String field, String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length < 1 || parts.length > 3 || !parts[0].matches("[A-Za-z0-9_-]{1,255}")) {
            throw QuaysideException.invalidInput(field, "'" + text + "' is not NAME[:weight[:base]] (e.g. FARGATE_SPOT:3 or FARGATE:1:1)");
        }
        try {
            CapacityProviderStrategyItem.Builder b = CapacityProviderStrategyItem.builder().capacityProvider(parts[0])
                    .weight(parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
            if (parts.length > 2) {
                b.base(Integer.parseInt(parts[2]));
            }
            return b.build();
        } catch (NumberFormatException e) {
            throw QuaysideException.invalidInput(field, "'" + text + "': weight and base must be whole numbers (e.g. FARGATE:1:1)");
        }
    }
}
