package dev.quayside.engine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The checks a deploy makes before any call, one test each, and what it decides: create or update,
 * what cannot change in place, the diff. No AWS here: the plan is made from what AWS said.
 */
class ServicePlanTest {
    private static final Cluster CLUSTER = Cluster.builder().clusterName("prod").status("ACTIVE").capacityProviders("FARGATE", "FARGATE_SPOT").build();
    private static final TaskDefinition TD = taskDefinition(2, "myapp:2.0", "production");
    private static final String NETWORK = "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-0abc1234def567890\"],"
            + "\"securityGroups\":[\"sg-0123456789abcdef0\"],\"assignPublicIp\":\"ENABLED\"}}";
    private static final String BREAKER = "\"deploymentConfiguration\":{\"deploymentCircuitBreaker\":{\"enable\":true,\"rollback\":true}}";

    private static TaskDefinition taskDefinition(int revision, String tag, String mode) {
        return TaskDefinition.builder().family("myapp").revision(revision).networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .taskDefinitionArn("arn:aws:ecs:ap-southeast-1:123456789012:task-definition/myapp:" + revision)
                .containerDefinitions(ContainerDefinition.builder().name("myapp").image("123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/" + tag)
                        .portMappings(PortMapping.builder().containerPort(3000).build())
                        .environment(KeyValuePair.builder().name("NODE_ENV").value(mode).build()).build())
                .build();
    }

    private static ServicePlan plan(String fields, Service existing) {
        return plan(fields, existing, CLUSTER, List.of());
    }

    private static ServicePlan plan(String fields, Service existing, Cluster cluster, List<CapacityProviderStrategyItem> providers) {
        ServiceDefinition def = fields == null ? null
                : ServiceDefinition.parse("service.json", "{\"serviceName\":\"myapp\",\"taskDefinition\":\"myapp:2\"" + (fields.isEmpty() ? "" : "," + fields) + "}",
                false, Map.of());
        return ServicePlan.of(new ServicePlan.Inputs("prod", "myapp", def, TD.taskDefinitionArn(), null, false, providers, false),
                new ServicePlan.Current(cluster, existing, existing == null ? null : taskDefinition(1, "myapp:1.0", "staging"), TD),
                def == null ? "deploy" : def.source());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String fields) {
        return assertThatThrownBy(() -> plan(fields, null)).isInstanceOf(QuaysideException.class)
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.INVALID_INPUT));
    }

    @Test
    void awsvpc_withoutANetworkConfiguration_isRefused() {
        refused(BREAKER).hasMessageContaining("networkConfiguration.awsvpcConfiguration: is required");
    }

    @Test
    void awsvpc_withoutSubnets_isRefused() {
        refused("\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[]}}," + BREAKER)
                .hasMessageContaining("networkConfiguration.awsvpcConfiguration.subnets: needs at least one subnet");
    }

    @Test
    void aSubnetThatIsNoSubnetId_isRefused() {
        refused(NETWORK.replace("subnet-0abc1234def567890", "subnet-abc123") + "," + BREAKER)
                .hasMessageContaining("networkConfiguration.awsvpcConfiguration.subnets[0]: 'subnet-abc123' is not a subnet id");
    }

    @Test
    void aSecurityGroupThatIsNoSecurityGroupId_isRefused() {
        refused(NETWORK.replace("sg-0123456789abcdef0", "default") + "," + BREAKER)
                .hasMessageContaining("networkConfiguration.awsvpcConfiguration.securityGroups[0]: 'default' is not a security group id");
    }

    @Test
    void anAssignPublicIpThatIsNeitherEnabledNorDisabled_isRefused() {
        refused(NETWORK.replace("\"ENABLED\"", "\"YES\"") + "," + BREAKER)
                .hasMessageContaining("networkConfiguration.awsvpcConfiguration.assignPublicIp: must be ENABLED or DISABLED, was 'YES'");
    }

    @Test
    void aLoadBalancerOnAContainerTheTaskDefinitionDoesNotHave_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"loadBalancers\":[{\"targetGroupArn\":\"arn:tg\",\"containerName\":\"web\",\"containerPort\":3000}]")
                .hasMessageContaining("loadBalancers[0].containerName: 'web' is not a container of myapp:2 (it has: myapp)");
    }

    @Test
    void aLoadBalancerOnAPortTheContainerDoesNotMap_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"loadBalancers\":[{\"targetGroupArn\":\"arn:tg\",\"containerName\":\"myapp\",\"containerPort\":8080}]")
                .hasMessageContaining("loadBalancers[0].containerPort: 8080 is not a port mapping of container myapp (it maps: 3000)");
    }

    @Test
    void aCapacityProviderStrategyWithALaunchType_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"launchType\":\"FARGATE\",\"capacityProviderStrategy\":[{\"capacityProvider\":\"FARGATE_SPOT\",\"weight\":1}]")
                .hasMessageContaining("capacityProviderStrategy: cannot be combined with launchType FARGATE");
    }

    @Test
    void aStrategyWithTwoBases_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"capacityProviderStrategy\":[{\"capacityProvider\":\"FARGATE\",\"weight\":1,\"base\":1},"
                + "{\"capacityProvider\":\"FARGATE_SPOT\",\"weight\":3,\"base\":2}]")
                .hasMessageContaining("capacityProviderStrategy: only one capacity provider may have a base, 2 do");
    }

    @Test
    void aNegativeWeight_andNoPositiveOne_areRefused() {
        refused(NETWORK + "," + BREAKER + ",\"capacityProviderStrategy\":[{\"capacityProvider\":\"FARGATE\",\"weight\":-1}]")
                .hasMessageContaining("capacityProviderStrategy[0].weight: must be 0 to 1000, was -1")
                .hasMessageContaining("capacityProviderStrategy: needs a weight above 0");
    }

    @Test
    void aCapacityProviderTheClusterDoesNotHave_isRefusedWithTheCommandThatAddsIt() {
        Cluster bare = CLUSTER.toBuilder().capacityProviders(List.of()).build();
        assertThatThrownBy(() -> plan(NETWORK + "," + BREAKER, null, bare, List.of(ServicePlan.capacityProvider("capacityProviders", "FARGATE_SPOT:3"))))
                .hasMessageContaining("capacityProviderStrategy[0].capacityProvider: FARGATE_SPOT is not a capacity provider of cluster prod (it has none)")
                .hasMessageContaining("aws ecs put-cluster-capacity-providers --cluster prod");
    }

    @Test
    void aNegativeDesiredCount_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"desiredCount\":-1").hasMessageContaining("desiredCount: must be 0 or more, was -1");
    }

    @Test
    void aHealthCheckGracePeriodWithoutLoadBalancers_isRefused() {
        refused(NETWORK + "," + BREAKER + ",\"healthCheckGracePeriodSeconds\":60")
                .hasMessageContaining("healthCheckGracePeriodSeconds: applies only to a service with load balancers");
    }

    @Test
    void theCircuitBreakerOff_isAWarning_notARefusal() {
        ServicePlan plan = plan(NETWORK, null);

        assertThat(plan.creates()).isTrue();
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("deploymentConfiguration.deploymentCircuitBreaker: is off"));
    }

    @Test
    void anUnknownField_isRefusedNamingIt() {
        assertThatThrownBy(() -> ServiceDefinition.parse("service.json", "{\"serviceName\":\"myapp\",\"desiredCnt\":2}", false, Map.of()))
                .hasMessageContaining("desiredCnt").hasMessageContaining("unknown field");
    }

    @Test
    void describeServicesOutput_isReadWithoutItsReadOnlyFields_andItsClusterFromTheArn() {
        ServiceDefinition def = ServiceDefinition.parse("described.json", "{\"services\":[{\"serviceName\":\"myapp\",\"serviceArn\":\"arn:aws:ecs:x:1:service/prod/myapp\","
                + "\"clusterArn\":\"arn:aws:ecs:ap-southeast-1:123456789012:cluster/prod\",\"status\":\"ACTIVE\",\"runningCount\":2,\"pendingCount\":0,"
                + "\"desiredCount\":2,\"deployments\":[],\"events\":[],\"createdAt\":1700000000.0,\"taskDefinition\":\"myapp:1\"}],\"failures\":[]}", false, Map.of());

        assertThat(def.createRequest().cluster()).isEqualTo("prod");
        assertThat(def.createRequest().desiredCount()).isEqualTo(2);
        assertThat(def.createRequest().serviceName()).isEqualTo("myapp");
    }

    @Test
    void variables_areSubstituted_andAnUndefinedOneIsNamed() {
        ServiceDefinition def = ServiceDefinition.parse("service.yaml", "serviceName: myapp\ndesiredCount: ${TASKS}\nplatformVersion: ${PLATFORM}\n", true,
                Map.of("PLATFORM", "1.4.0", "TASKS", "3"));
        assertThat(def.createRequest().platformVersion()).isEqualTo("1.4.0");
        assertThat(def.createRequest().desiredCount()).as("a variable in a number field is read as the number").isEqualTo(3);

        assertThatThrownBy(() -> ServiceDefinition.parse("service.yaml", "serviceName: ${NAME}\n", true, Map.of()))
                .hasMessageContaining("serviceName: variable ${NAME} is not defined");
    }

    @Test
    void anExistingService_isUpdatedWithTheFilesFields_andTheDiffSaysWhatChanges() {
        Service existing = Service.builder().serviceName("myapp").status("ACTIVE").desiredCount(2).launchType("FARGATE")
                .taskDefinition("arn:aws:ecs:ap-southeast-1:123456789012:task-definition/myapp:1").schedulingStrategy(SchedulingStrategy.REPLICA).build();

        ServicePlan plan = plan(NETWORK + "," + BREAKER + ",\"desiredCount\":3", existing);

        assertThat(plan.creates()).isFalse();
        assertThat(plan.updateRequest().desiredCount()).isEqualTo(3);
        assertThat(plan.updateRequest().networkConfiguration().awsvpcConfiguration().subnets()).containsExactly("subnet-0abc1234def567890");
        assertThat(plan.updateRequest().taskDefinition()).isEqualTo(TD.taskDefinitionArn());
        assertThat(plan.changes()).contains("-taskDefinition: myapp:1", "+taskDefinition: myapp:2",
                "-container myapp image: 123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/myapp:1.0",
                "+container myapp image: 123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/myapp:2.0",
                "-container myapp environment NODE_ENV: staging", "+container myapp environment NODE_ENV: production",
                "-desiredCount: 2", "+desiredCount: 3", "+subnets: subnet-0abc1234def567890");
    }

    @Test
    void whatCannotChangeInPlace_isRefusedNamingTheField() {
        Service existing = Service.builder().serviceName("myapp").status("ACTIVE").desiredCount(2).launchType("FARGATE")
                .taskDefinition("myapp:1").schedulingStrategy(SchedulingStrategy.REPLICA).build();

        assertThatThrownBy(() -> plan(BREAKER + ",\"schedulingStrategy\":\"DAEMON\"", existing))
                .hasMessageContaining("schedulingStrategy: is REPLICA on the service and DAEMON in the file; it cannot change in place");
    }

    @Test
    void switchingToACapacityProviderStrategy_forcesANewDeployment_asEcsRequires() {
        Service existing = Service.builder().serviceName("myapp").status("ACTIVE").desiredCount(2).launchType("FARGATE")
                .taskDefinition("myapp:1").build();

        ServicePlan plan = plan(null, existing, CLUSTER, List.of(ServicePlan.capacityProvider("capacityProviders", "FARGATE_SPOT:3"),
                ServicePlan.capacityProvider("capacityProviders", "FARGATE:1:1")));

        assertThat(plan.updateRequest().forceNewDeployment()).isTrue();
        assertThat(plan.updateRequest().capacityProviderStrategy()).extracting(CapacityProviderStrategyItem::capacityProvider).containsExactly("FARGATE_SPOT", "FARGATE");
        assertThat(plan.changes()).contains("-launchType: FARGATE", "+capacityProviderStrategy: FARGATE_SPOT weight 3, FARGATE weight 1 base 1");
    }

    @Test
    void aMissingService_withoutADefinition_isRefused_andAMissingClusterWithoutCreateCluster() {
        assertThatThrownBy(() -> plan(null, null)).hasMessageContaining("service: service myapp does not exist in cluster prod; give a service definition");
        assertThatThrownBy(() -> plan(NETWORK, null, null, List.of())).hasMessageContaining("cluster: cluster prod does not exist; create it with the deploy");
    }

    @Test
    void capacityProviderOptions_areReadOrRefusedNamingTheField() {
        assertThat(ServicePlan.capacityProvider("capacityProviders", "FARGATE:1:1").base()).isEqualTo(1);
        assertThat(ServicePlan.capacityProvider("capacityProviders", "FARGATE_SPOT").weight()).isEqualTo(1);
        assertThatThrownBy(() -> ServicePlan.capacityProvider("capacityProviders", "FARGATE:x"))
                .hasMessage("capacityProviders: 'FARGATE:x': weight and base must be whole numbers (e.g. FARGATE:1:1)");
    }
}
