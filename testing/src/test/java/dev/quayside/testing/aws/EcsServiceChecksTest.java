package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.time.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * CreateService's and UpdateService's server-side checks (network, load balancers, grace period, role,
 * platform version, idempotency), and every member they set, round-tripped through the real SDK.
 */
class EcsServiceChecksTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final String IPE = "InvalidParameterException";
    private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";
    private static final String OTHER_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web2/fedcba9876543210";
    private static final String REGISTRY = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-0123456789abcdef";

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = Sdk.ecs(sim.endpoint());
        ecs.createCluster(b -> b.clusterName("prod"));
        // web:1 serves 8080 from container app beside a log sidecar; web:2 renames app to api.
        register("web", NetworkMode.AWSVPC, container("app", 8080), container("log", null));
        register("web", NetworkMode.AWSVPC, container("api", 8080));
        register("bridged", NetworkMode.BRIDGE, container("app", 80));
    }

    @AfterEach
    void stop() {
        ecs.close();
        sim.close();
    }

    private static ContainerDefinition container(String name, Integer port) {
        ContainerDefinition.Builder container = ContainerDefinition.builder().name(name).image("nginx:1.27").essential(true)
                .memory(256);
        if (port != null) {
            container.portMappings(p -> p.containerPort(port));
        }
        return container.build();
    }

    private void register(String family, NetworkMode mode, ContainerDefinition... containers) {
        ecs.registerTaskDefinition(b -> b.family(family).networkMode(mode).cpu("256").memory("512")
                .requiresCompatibilities(mode == NetworkMode.AWSVPC ? Compatibility.FARGATE : Compatibility.EC2)
                .containerDefinitions(containers));
    }

    private static LoadBalancer balancer(String group, String container, int port) {
        return LoadBalancer.builder().targetGroupArn(group).containerName(container).containerPort(port).build();
    }

    /** Service web on web:1 in cluster prod, in one subnet; {@code more} adds to or overrides that. */
    private Service createService(Consumer<CreateServiceRequest.Builder> more) {
        return ecs.createService(b -> {
            b.cluster("prod").serviceName("web").taskDefinition("web:1").desiredCount(1)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")));
            more.accept(b);
        }).service();
    }

    private Service describe(ServiceField... include) {
        return ecs.describeServices(b -> b.cluster("prod").services("web").include(include)).services().get(0);
    }

    @Test
    void createService_awsvpcWithoutNetworkConfiguration_isRefused() {
        assertRefused(() -> createService(b -> b.networkConfiguration((NetworkConfiguration) null)),
                IPE, EcsServices.NETWORK_REQUIRED);
    }

    @Test
    void createService_withNetworkConfigurationForABridgeTaskDefinition_isRefused() {
        assertRefused(() -> createService(b -> b.taskDefinition("bridged:1").launchType(LaunchType.EC2)), IPE,
                EcsServices.NETWORK_NOT_VALID);
    }

    @Test
    void createService_withoutSubnets_isRefused() {
        assertRefused(() -> createService(b -> b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(List.of())))),
                IPE, EcsServices.SUBNETS_EMPTY);
    }

    @Test
    void createService_withMalformedSubnetsOrSecurityGroups_isRefused() {
        assertRefused(() -> createService(b -> b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-xyz")))),
                IPE, "Error retrieving subnet information for [subnet-xyz]: The subnet ID 'subnet-xyz' is malformed"
                        + " (ErrorCode: InvalidSubnetID.Malformed)");
        assertRefused(() -> createService(b -> b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a
                .subnets("subnet-12345678").securityGroups("web-sg")))), IPE,
                "Error retrieving security group information for [web-sg]: Invalid id: \"web-sg\" (expecting \"sg-...\")"
                        + " (ErrorCode: InvalidGroupId.Malformed)");
    }

    @Test
    void createService_withAnUnknownAssignPublicIp_isRefusedByTheEnum() {
        assertRefused(() -> createService(b -> b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a
                .subnets("subnet-12345678").assignPublicIp("YES")))), IPE,
                "Invalid parameter at 'networkConfiguration.awsvpcConfiguration.assignPublicIp' failed to satisfy"
                        + " constraint: 'Member must satisfy enum value set: [ENABLED, DISABLED]'");
    }

    @Test
    void createService_withALoadBalancerOnAContainerTheTaskDefinitionLacks_isRefused() {
        assertRefused(() -> createService(b -> b.loadBalancers(balancer(GROUP, "web", 8080))), IPE,
                "The container web does not exist in the task definition.");
    }

    @Test
    void createService_withALoadBalancerOnAPortTheContainerDoesNotMap_isRefused() {
        assertRefused(() -> createService(b -> b.loadBalancers(balancer(GROUP, "app", 80))), IPE,
                "The container app did not have a container port 80 defined.");
        assertRefused(() -> createService(b -> b.loadBalancers(balancer(GROUP, "log", 8080))), IPE,
                "The container log did not have a container port 8080 defined.");
    }

    @Test
    void createService_withAGracePeriodButNoLoadBalancer_isRefused() {
        assertRefused(() -> createService(b -> b.healthCheckGracePeriodSeconds(30)), IPE,
                EcsServices.GRACE_WITHOUT_LOAD_BALANCER);
    }

    @Test
    void createService_withARoleForAnAwsvpcTaskDefinition_isRefused() {
        assertRefused(() -> createService(b -> b.role("ecsServiceRole").loadBalancers(balancer(GROUP, "app", 8080))), IPE,
                EcsServices.ROLE_WITH_AWSVPC);
    }

    @Test
    void createService_withAPlatformVersionOffFargate_isRefused() {
        assertRefused(() -> createService(b -> b.taskDefinition("bridged:1").launchType(LaunchType.EC2)
                .networkConfiguration((NetworkConfiguration) null)
                .platformVersion("1.4.0")), IPE, EcsServices.PLATFORM_VERSION_OFF_FARGATE);
        assertRefused(() -> createService(b -> b.platformVersion("9.9.9")), "PlatformUnknownException",
                "The specified platform version does not exist.");
    }

    @Test
    void createService_withTheSameClientTokenAndParameters_answersTheSameService() {
        Service created = createService(b -> b.clientToken("token-1"));

        Service again = createService(b -> b.clientToken("token-1"));

        assertThat(again.serviceArn()).isEqualTo(created.serviceArn());
        assertThat(again.deployments()).extracting(Deployment::id).containsExactly(created.deployments().get(0).id());
        assertRefused(() -> createService(b -> b.clientToken("token-1").desiredCount(3)), IPE, EcsServices.INCONSISTENT);
        assertRefused(() -> createService(b -> b.clientToken("token-2")), IPE, EcsServices.NOT_IDEMPOTENT);
        assertRefused(() -> createService(b -> { }), IPE, EcsServices.NOT_IDEMPOTENT);
    }

    @Test
    void createService_storesAndDescribesEveryMemberItSets() {
        createService(b -> b.desiredCount(2).launchType(LaunchType.FARGATE).platformVersion("1.4.0")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678", "subnet-0123456789abcdef0")
                        .securityGroups("sg-0123456789abcdef0").assignPublicIp(AssignPublicIp.ENABLED)))
                .loadBalancers(balancer(GROUP, "app", 8080)).healthCheckGracePeriodSeconds(30)
                .serviceRegistries(r -> r.registryArn(REGISTRY).containerName("app").containerPort(8080))
                .schedulingStrategy(SchedulingStrategy.REPLICA)
                .placementStrategy(p -> p.type(PlacementStrategyType.SPREAD).field("attribute:ecs.availability-zone"))
                .enableExecuteCommand(true).enableECSManagedTags(true).propagateTags(PropagateTags.SERVICE)
                .tags(Tag.builder().key("team").value("core").build())
                .deploymentController(c -> c.type(DeploymentControllerType.ECS)));

        Service service = describe(ServiceField.TAGS);

        assertThat(service.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(service.capacityProviderStrategy()).isEmpty();
        assertThat(service.platformVersion()).isEqualTo("1.4.0");
        AwsVpcConfiguration awsvpc = service.networkConfiguration().awsvpcConfiguration();
        assertThat(awsvpc.subnets()).containsExactly("subnet-12345678", "subnet-0123456789abcdef0");
        assertThat(awsvpc.securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(awsvpc.assignPublicIp()).isEqualTo(AssignPublicIp.ENABLED);
        assertThat(service.loadBalancers()).containsExactly(balancer(GROUP, "app", 8080));
        assertThat(service.healthCheckGracePeriodSeconds()).isEqualTo(30);
        assertThat(service.serviceRegistries()).singleElement().satisfies(r -> {
            assertThat(r.registryArn()).isEqualTo(REGISTRY);
            assertThat(r.containerPort()).isEqualTo(8080);
        });
        assertThat(service.schedulingStrategy()).isEqualTo(SchedulingStrategy.REPLICA);
        assertThat(service.placementStrategy()).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("attribute:ecs.availability-zone"));
        assertThat(service.placementConstraints()).isEmpty();
        assertThat(service.enableExecuteCommand()).isTrue();
        assertThat(service.enableECSManagedTags()).isTrue();
        assertThat(service.propagateTags()).isEqualTo(PropagateTags.SERVICE);
        assertThat(service.tags()).containsExactly(Tag.builder().key("team").value("core").build());
        assertThat(service.deploymentController().type()).isEqualTo(DeploymentControllerType.ECS);
        assertThat(describe().tags()).isEmpty();
        Deployment primary = service.deployments().get(0);
        assertThat(primary.platformVersion()).isEqualTo("1.4.0");
        assertThat(primary.networkConfiguration()).isEqualTo(service.networkConfiguration());
    }

    @Test
    void createService_withARoleOnABridgeTaskDefinition_describesItsArn() {
        Service service = createService(b -> b.taskDefinition("bridged:1").launchType(LaunchType.EC2)
                .networkConfiguration((NetworkConfiguration) null)
                .role("ecsServiceRole").loadBalancers(balancer(GROUP, "app", 80)));

        assertThat(service.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/ecsServiceRole");
        assertThat(service.platformVersion()).isNull();
        assertThat(service.launchType()).isEqualTo(LaunchType.EC2);
    }

    @Test
    void updateService_changesEveryMemberItHas() {
        createService(b -> b.loadBalancers(balancer(GROUP, "app", 8080)).healthCheckGracePeriodSeconds(30)
                .enableExecuteCommand(true).propagateTags(PropagateTags.SERVICE)
                .serviceRegistries(r -> r.registryArn(REGISTRY)));
        String first = describe().deployments().get(0).id();

        ecs.updateService(b -> b.cluster("prod").service("web").desiredCount(3).taskDefinition("web:2")
                .deploymentConfiguration(c -> c.maximumPercent(150).minimumHealthyPercent(50)
                        .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true)))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-87654321")))
                .placementStrategy(p -> p.type(PlacementStrategyType.BINPACK).field("memory"))
                .placementConstraints(List.of())
                .platformVersion("1.3.0").forceNewDeployment(true).healthCheckGracePeriodSeconds(60)
                .enableExecuteCommand(false).enableECSManagedTags(true)
                .loadBalancers(balancer(OTHER_GROUP, "api", 8080)).propagateTags(PropagateTags.TASK_DEFINITION)
                .serviceRegistries(List.of()));

        Service service = describe();
        assertThat(service.desiredCount()).isEqualTo(3);
        assertThat(service.taskDefinition()).endsWith(":task-definition/web:2");
        assertThat(service.deploymentConfiguration().maximumPercent()).isEqualTo(150);
        assertThat(service.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(50);
        assertThat(service.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
        assertThat(service.networkConfiguration().awsvpcConfiguration().subnets()).containsExactly("subnet-87654321");
        assertThat(service.networkConfiguration().awsvpcConfiguration().assignPublicIp()).isEqualTo(AssignPublicIp.DISABLED);
        assertThat(service.placementStrategy()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("memory"));
        assertThat(service.platformVersion()).isEqualTo("1.3.0");
        assertThat(service.healthCheckGracePeriodSeconds()).isEqualTo(60);
        assertThat(service.enableExecuteCommand()).isFalse();
        assertThat(service.enableECSManagedTags()).isTrue();
        assertThat(service.loadBalancers()).containsExactly(balancer(OTHER_GROUP, "api", 8080));
        assertThat(service.propagateTags()).isEqualTo(PropagateTags.TASK_DEFINITION);
        assertThat(service.serviceRegistries()).isEmpty();
        Deployment primary = service.deployments().get(0);
        assertThat(primary.id()).isNotEqualTo(first);
        assertThat(primary.platformVersion()).isEqualTo("1.3.0");
        assertThat(primary.networkConfiguration()).isEqualTo(service.networkConfiguration());
    }

    @Test
    void updateService_toATaskDefinitionWithoutTheLoadBalancedContainer_isRefused() {
        createService(b -> b.loadBalancers(balancer(GROUP, "app", 8080)));

        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web").taskDefinition("web:2")), IPE,
                "The container app does not exist in the task definition.");
        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web").loadBalancers(balancer(GROUP, "app", 9090))),
                IPE, "The container app did not have a container port 9090 defined.");
        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(List.of())))), IPE, EcsServices.SUBNETS_EMPTY);
        assertThat(describe().deployments()).hasSize(1);
    }

    @Test
    void updateService_gracePeriodOnAServiceWithoutLoadBalancers_isRefused() {
        createService(b -> { });

        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web").healthCheckGracePeriodSeconds(10)), IPE,
                EcsServices.GRACE_WITHOUT_LOAD_BALANCER);
    }

    @Test
    void updateService_newTaskDefinitionUnderACodeDeployController_isRefused() {
        createService(b -> b.deploymentController(c -> c.type(DeploymentControllerType.CODE_DEPLOY)));

        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web").taskDefinition("web:2")), IPE,
                EcsServices.CODE_DEPLOY_TASK_DEFINITION);
        assertThat(ecs.updateService(b -> b.cluster("prod").service("web").desiredCount(2)).service().desiredCount())
                .isEqualTo(2);
    }

    @Test
    void unknownMembers_areRefusedAsTheInputShapeHasNone() {
        EcsWire wire = new EcsWire(sim.endpoint());

        Wire.Response response = wire.post("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"launchType\":\"EC2\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("__type").asText()).isEqualTo("SerializationException");
        assertThat(response.json().path("message").asText())
                .isEqualTo("Unrecognized field 'launchType' in the UpdateService request");
    }
}
