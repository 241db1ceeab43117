package dev.quayside.engine.service;

import dev.quayside.engine.document.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The checks ECS would make only after something changed, or not at all, made before any call:
 * awsvpc networking, load balancers against the task definition's containers and ports, the capacity
 * provider strategy (and that the cluster has those providers), desired count, and a warning when the
 * deployment circuit breaker is off. Each problem names its field.
 */
final class ServiceChecks {
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");

    private ServiceChecks() {
    }

    /** The service as it will be after the deploy: what the file gives, else what the service has now. */
    record Desired(String launchType, List<CapacityProviderStrategyItem> capacityProviders, boolean checkNetwork, NetworkConfiguration network,
                   List<LoadBalancer> loadBalancers, Integer healthCheckGracePeriod, Integer desiredCount, DeploymentConfiguration deployment) {
    }

    static void check(Desired d, TaskDefinition td, Cluster cluster, Problems p) {
        if (d.desiredCount() != null && d.desiredCount() < 0) {
            p.error("desiredCount", "must be 0 or more, was " + d.desiredCount());
        }
        checkStrategy(d, cluster, p);
        if (d.checkNetwork() && td != null && "awsvpc".equals(td.networkModeAsString())) {
            checkAwsvpc(d.network(), p);
        }
        if (td != null) {
            checkLoadBalancers(d.loadBalancers(), td, p);
        }
        if (d.healthCheckGracePeriod() != null && (d.loadBalancers() == null || d.loadBalancers().isEmpty())) {
            p.error("healthCheckGracePeriodSeconds", "applies only to a service with load balancers; remove it or add loadBalancers");
        }
        DeploymentConfiguration dc = d.deployment();
        if (dc == null || dc.deploymentCircuitBreaker() == null || !Boolean.TRUE.equals(dc.deploymentCircuitBreaker().enable())) {
            p.warning("deploymentConfiguration.deploymentCircuitBreaker", "is off: ECS will not stop a failing rollout by itself; the verdict "
                    + "then rests on the rollout and the timeout alone (enable it with rollback: true)");
        }
    }

    private static void checkStrategy(Desired d, Cluster cluster, Problems p) {
        List<CapacityProviderStrategyItem> items = d.capacityProviders();
        if (items == null || items.isEmpty()) {
            return;
        }
        if (d.launchType() != null) {
            p.error("capacityProviderStrategy", "cannot be combined with launchType " + d.launchType() + " (ECS refuses both); remove launchType");
        }
        int withBase = 0;
        int weighted = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            CapacityProviderStrategyItem item = items.get(i);
            String at = "capacityProviderStrategy[" + i + "]";
            if (item.capacityProvider() == null || item.capacityProvider().isBlank()) {
                p.error(at + ".capacityProvider", "is required (e.g. FARGATE or FARGATE_SPOT)");
                continue;
            }
            if (!names.add(item.capacityProvider())) {
                p.error(at + ".capacityProvider", item.capacityProvider() + " is listed twice");
            }
            if (item.weight() != null && (item.weight() < 0 || item.weight() > 1000)) {
                p.error(at + ".weight", "must be 0 to 1000, was " + item.weight());
            }
            if (item.base() != null && (item.base() < 0 || item.base() > 100_000)) {
                p.error(at + ".base", "must be 0 to 100000, was " + item.base());
            }
            if (item.base() != null && item.base() > 0) {
                withBase++;
            }
            if (item.weight() != null && item.weight() > 0) {
                weighted++;
            }
            if (cluster != null && !cluster.capacityProviders().contains(item.capacityProvider())) {
                p.error(at + ".capacityProvider", item.capacityProvider() + " is not a capacity provider of cluster " + cluster.clusterName()
                        + " (it has " + (cluster.capacityProviders().isEmpty() ? "none" : String.join(", ", cluster.capacityProviders())) + "): "
                        + "aws ecs put-cluster-capacity-providers --cluster " + cluster.clusterName()
                        + " --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1");
            }
        }
        if (withBase > 1) {
            p.error("capacityProviderStrategy", "only one capacity provider may have a base, " + withBase + " do");
        }
        if (weighted == 0) {
            p.error("capacityProviderStrategy", "needs a weight above 0 on at least one capacity provider");
        }
    }

    private static void checkAwsvpc(NetworkConfiguration network, Problems p) {
        AwsVpcConfiguration vpc = network == null ? null : network.awsvpcConfiguration();
        if (vpc == null) {
            p.error("networkConfiguration.awsvpcConfiguration", "is required: the task definition uses networkMode awsvpc (as Fargate does); "
                    + "give subnets and securityGroups");
            return;
        }
        if (vpc.subnets().isEmpty()) {
            p.error("networkConfiguration.awsvpcConfiguration.subnets", "needs at least one subnet (subnet-...)");
        }
        for (int i = 0; i < vpc.subnets().size(); i++) {
            if (!SUBNET.matcher(vpc.subnets().get(i)).matches()) {
                p.error("networkConfiguration.awsvpcConfiguration.subnets[" + i + "]", "'" + vpc.subnets().get(i) + "' is not a subnet id (subnet- and 8 or 17 hex digits)");
            }
        }
        if (vpc.securityGroups().isEmpty()) {
            p.warning("networkConfiguration.awsvpcConfiguration.securityGroups", "none given: ECS uses the VPC's default security group");
        }
        for (int i = 0; i < vpc.securityGroups().size(); i++) {
            if (!SECURITY_GROUP.matcher(vpc.securityGroups().get(i)).matches()) {
                p.error("networkConfiguration.awsvpcConfiguration.securityGroups[" + i + "]", "'" + vpc.securityGroups().get(i)
                        + "' is not a security group id (sg- and 8 or 17 hex digits)");
            }
        }
        if (vpc.assignPublicIp() != null && vpc.assignPublicIpAsString() != null
                && !vpc.assignPublicIpAsString().equals("ENABLED") && !vpc.assignPublicIpAsString().equals("DISABLED")) {
            p.error("networkConfiguration.awsvpcConfiguration.assignPublicIp", "must be ENABLED or DISABLED, was '" + vpc.assignPublicIpAsString() + "'");
        }
    }

    private static void checkLoadBalancers(List<LoadBalancer> loadBalancers, TaskDefinition td, Problems p) {
        if (loadBalancers == null) {
            return;
        }
        for (int i = 0; i < loadBalancers.size(); i++) {
            LoadBalancer lb = loadBalancers.get(i);
            String at = "loadBalancers[" + i + "]";
            ContainerDefinition container = td.containerDefinitions().stream().filter(c -> c.name().equals(lb.containerName())).findFirst().orElse(null);
            if (container == null) {
                p.error(at + ".containerName", "'" + lb.containerName() + "' is not a container of " + td.family() + ":" + td.revision() + " (it has: "
                        + String.join(", ", td.containerDefinitions().stream().map(ContainerDefinition::name).toList()) + ")");
                continue;
            }
            boolean mapped = container.portMappings().stream().map(PortMapping::containerPort).anyMatch(port -> port != null && port.equals(lb.containerPort()));
            if (!mapped) {
                p.error(at + ".containerPort", lb.containerPort() + " is not a port mapping of container " + lb.containerName() + " (it maps: "
                        + String.join(", ", container.portMappings().stream().map(m -> String.valueOf(m.containerPort())).toList()) + ")");
            }
        }
    }
}
