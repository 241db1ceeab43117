package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** Clusters' capacity providers and services' capacity provider strategies, through the real SDK. */
class EcsCapacityProvidersTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final String IPE = "InvalidParameterException";

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        ecs = Sdk.ecs(sim.endpoint());
        ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("nginx:1.27").essential(true)));
    }

    @AfterEach
    void stop() {
        ecs.close();
        sim.close();
    }

    private static CapacityProviderStrategyItem item(String provider, int weight, int base) {
        return CapacityProviderStrategyItem.builder().capacityProvider(provider).weight(weight).base(base).build();
    }

    /** A two-task service in cluster prod, on web:1 in one subnet; {@code more} adds to it. */
    private Service createService(Consumer<CreateServiceRequest.Builder> more) {
        return ecs.createService(b -> {
            b.cluster("prod").serviceName("web").taskDefinition("web:1").desiredCount(2)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")));
            more.accept(b);
        }).service();
    }

    private Service describe() {
        return ecs.describeServices(b -> b.cluster("prod").services("web")).services().get(0);
    }

    private void spotCluster() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE", "FARGATE_SPOT"));
    }

    @Test
    void createCluster_withCapacityProviders_describesThemAndTheDefaultStrategy() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 3, 0), item("FARGATE", 1, 1)));

        Cluster cluster = ecs.describeClusters(b -> b.clusters("prod")).clusters().get(0);

        assertThat(cluster.capacityProviders()).containsExactly("FARGATE", "FARGATE_SPOT");
        assertThat(cluster.defaultCapacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 3, 0), item("FARGATE", 1, 1));
    }

    @Test
    void createCluster_withAnUnknownCapacityProvider_isRefused() {
        assertRefused(() -> ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE", "my-asg")),
                IPE, EcsServices.PROVIDER_NOT_FOUND);
        assertThat(ecs.describeClusters(b -> b.clusters("prod")).clusters()).isEmpty();
    }

    @Test
    void createCluster_withADefaultStrategyOutsideItsProviders_isRefused() {
        assertRefused(() -> ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 1, 0))), IPE, EcsServices.NOT_ASSOCIATED);
    }

    @Test
    void createCluster_again_isIdempotentUnlessItsCapacityProvidersDiffer() {
        spotCluster();

        spotCluster();
        ecs.createCluster(b -> b.clusterName("prod"));

        assertRefused(() -> ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE")),
                IPE, EcsServices.INCONSISTENT);
    }

    @Test
    void putClusterCapacityProviders_replacesProvidersAndDefaultStrategy() {
        ecs.createCluster(b -> b.clusterName("prod"));

        Cluster answered = ecs.putClusterCapacityProviders(b -> b.cluster("prod").capacityProviders("FARGATE_SPOT")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 1, 0))).cluster();

        assertThat(answered.capacityProviders()).containsExactly("FARGATE_SPOT");
        Cluster described = ecs.describeClusters(b -> b.clusters("prod")).clusters().get(0);
        assertThat(described.capacityProviders()).containsExactly("FARGATE_SPOT");
        assertThat(described.defaultCapacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
    }

    @Test
    void putClusterCapacityProviders_refusesWhatECSRefuses() {
        assertRefused(() -> ecs.putClusterCapacityProviders(b -> b.cluster("nope").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(List.of())), "ClusterNotFoundException", "Cluster not found.");
        spotCluster();
        assertRefused(() -> ecs.putClusterCapacityProviders(b -> b.cluster("prod").capacityProviders("FARGATE")),
                IPE, "Invalid parameter at 'defaultCapacityProviderStrategy' failed to satisfy constraint:"
                        + " 'Member must not be null'");
        assertRefused(() -> ecs.putClusterCapacityProviders(b -> b.cluster("prod").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 1, 0))), IPE, EcsServices.NOT_ASSOCIATED);
        createService(b -> b.capacityProviderStrategy(item("FARGATE_SPOT", 1, 0)));
        assertRefused(() -> ecs.putClusterCapacityProviders(b -> b.cluster("prod").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(List.of())), "ResourceInUseException", EcsServices.PROVIDER_IN_USE);
    }

    @Test
    void createService_withLaunchTypeAndCapacityProviderStrategy_isRefusedAsEcsRefusesIt() {
        spotCluster();

        assertRefused(() -> createService(b -> b.launchType(LaunchType.FARGATE)
                .capacityProviderStrategy(item("FARGATE_SPOT", 1, 0))), IPE, EcsServices.BOTH_LAUNCH_TYPE_AND_STRATEGY);
        assertThat(ecs.listServices(b -> b.cluster("prod")).serviceArns()).isEmpty();
    }

    @Test
    void createService_withAProviderNotAssociatedWithTheCluster_isRefused() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE"));

        assertRefused(() -> createService(b -> b.capacityProviderStrategy(item("FARGATE_SPOT", 1, 0))),
                IPE, EcsServices.NOT_ASSOCIATED);
    }

    @Test
    void createService_withTwoProvidersWithABase_isRefused() {
        spotCluster();

        assertRefused(() -> createService(b -> b.capacityProviderStrategy(item("FARGATE", 1, 1), item("FARGATE_SPOT", 1, 2))),
                IPE, EcsServices.ONE_BASE);
    }

    @Test
    void createService_withoutAProviderOfWeightAboveZero_isRefused() {
        spotCluster();

        assertRefused(() -> createService(b -> b.capacityProviderStrategy(item("FARGATE", 0, 1))), IPE, EcsServices.NO_WEIGHT);
    }

    @Test
    void createService_withAWeightOrBaseOutOfRange_isRefusedByTheModelsConstraint() {
        spotCluster();

        assertRefused(() -> createService(b -> b.capacityProviderStrategy(item("FARGATE", 1001, 0))), IPE,
                "Invalid parameter at 'capacityProviderStrategy.member.weight' failed to satisfy constraint:"
                        + " 'Member must have value less than or equal to 1000'");
        assertRefused(() -> createService(b -> b.capacityProviderStrategy(item("FARGATE", 1, 100_001))), IPE,
                "Invalid parameter at 'capacityProviderStrategy.member.base' failed to satisfy constraint:"
                        + " 'Member must have value less than or equal to 100000'");
    }

    @Test
    void createService_withNeitherLaunchTypeNorStrategy_takesTheClustersDefaultStrategy() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 1, 0)));

        Service service = createService(b -> { });

        assertThat(service.capacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
        assertThat(service.launchType()).isNull();
    }

    @Test
    void createService_onAClusterWhoseDefaultStrategyHasNoWeight_isRefused() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(item("FARGATE", 0, 0)));

        assertRefused(() -> createService(b -> { }), IPE, EcsServices.NO_WEIGHT_DEFAULT);
        assertThat(createService(b -> b.launchType(LaunchType.FARGATE)).launchType()).isEqualTo(LaunchType.FARGATE);
    }

    @Test
    void createService_daemonUnderTheClustersDefaultStrategy_isRefused() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE")
                .defaultCapacityProviderStrategy(item("FARGATE", 1, 0)));

        assertRefused(() -> createService(b -> b.schedulingStrategy(SchedulingStrategy.DAEMON)), IPE,
                EcsServices.DAEMON_WITH_STRATEGY);
    }

    @Test
    void createService_withAStrategy_describesItInsteadOfALaunchTypeAndSpreadsTasksByBaseThenWeight() {
        spotCluster();

        createService(b -> b.desiredCount(5).capacityProviderStrategy(item("FARGATE", 1, 1), item("FARGATE_SPOT", 3, 0)));
        clock.advance(Duration.ofSeconds(6));

        Service service = describe();
        assertThat(service.launchType()).isNull();
        assertThat(service.capacityProviderStrategy()).containsExactly(item("FARGATE", 1, 1), item("FARGATE_SPOT", 3, 0));
        assertThat(service.platformVersion()).isEqualTo("LATEST");
        Deployment primary = service.deployments().get(0);
        assertThat(primary.launchType()).isNull();
        assertThat(primary.capacityProviderStrategy()).isEqualTo(service.capacityProviderStrategy());
        assertThat(primary.platformVersion()).isEqualTo("1.4.0");
        assertThat(primary.networkConfiguration().awsvpcConfiguration().subnets()).containsExactly("subnet-12345678");
        List<Task> tasks = ecs.describeTasks(b -> b.cluster("prod")
                .tasks(ecs.listTasks(l -> l.cluster("prod").serviceName("web")).taskArns())).tasks();
        assertThat(tasks).allSatisfy(task -> assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE));
        Map<String, Long> byProvider = tasks.stream()
                .collect(Collectors.groupingBy(Task::capacityProviderName, Collectors.counting()));
        assertThat(byProvider).containsExactlyInAnyOrderEntriesOf(Map.of("FARGATE", 2L, "FARGATE_SPOT", 3L));
        assertThat(ecs.listServices(b -> b.cluster("prod").launchType(LaunchType.FARGATE)).serviceArns()).isEmpty();
    }

    @Test
    void updateService_fromALaunchTypeToAStrategy_needsAForcedNewDeployment() {
        spotCluster();
        createService(b -> b.launchType(LaunchType.FARGATE));
        String first = describe().deployments().get(0).id();

        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web")
                .capacityProviderStrategy(item("FARGATE_SPOT", 1, 0))), IPE, EcsServices.FORCE_NEW_DEPLOYMENT);
        Service updated = ecs.updateService(b -> b.cluster("prod").service("web").forceNewDeployment(true)
                .capacityProviderStrategy(item("FARGATE_SPOT", 1, 0))).service();

        assertThat(updated.launchType()).isNull();
        assertThat(updated.capacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
        Deployment primary = updated.deployments().get(0);
        assertThat(primary.id()).isNotEqualTo(first);
        assertThat(primary.capacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
        assertThat(updated.deployments().get(1).launchType()).isEqualTo(LaunchType.FARGATE);
    }

    @Test
    void updateService_changingAStrategy_needsAForcedNewDeployment_butRepeatingItDoesNot() {
        spotCluster();
        createService(b -> b.capacityProviderStrategy(item("FARGATE", 1, 0)));
        String first = describe().deployments().get(0).id();

        assertRefused(() -> ecs.updateService(b -> b.cluster("prod").service("web")
                .capacityProviderStrategy(item("FARGATE", 1, 0), item("FARGATE_SPOT", 1, 0))), IPE,
                EcsServices.FORCE_NEW_DEPLOYMENT);
        Service same = ecs.updateService(b -> b.cluster("prod").service("web").desiredCount(3)
                .capacityProviderStrategy(item("FARGATE", 1, 0))).service();

        assertThat(same.deployments()).extracting(Deployment::id).containsExactly(first);
        assertThat(same.desiredCount()).isEqualTo(3);
    }

    @Test
    void updateService_withAnEmptyStrategy_movesToTheClustersDefault() {
        ecs.createCluster(b -> b.clusterName("prod").capacityProviders("FARGATE", "FARGATE_SPOT")
                .defaultCapacityProviderStrategy(item("FARGATE_SPOT", 2, 0)));
        createService(b -> b.capacityProviderStrategy(item("FARGATE", 1, 0)));

        Service updated = ecs.updateService(b -> b.cluster("prod").service("web").forceNewDeployment(true)
                .capacityProviderStrategy(List.of())).service();

        assertThat(updated.capacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 2, 0));
    }

    @Test
    void createCluster_helper_setsUpCapacityProvidersOutsideTheJournal() {
        sim.createCluster("us-east-1", "prod", List.of("FARGATE", "FARGATE_SPOT"),
                List.of(new EcsServices.StrategyItem("FARGATE_SPOT", 1, 0)));

        Cluster cluster = ecs.describeClusters(b -> b.clusters("prod")).clusters().get(0);

        assertThat(cluster.capacityProviders()).containsExactly("FARGATE", "FARGATE_SPOT");
        assertThat(cluster.defaultCapacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
        assertThat(sim.requests("CreateCluster")).isEmpty();
        assertThat(createService(b -> { }).capacityProviderStrategy()).containsExactly(item("FARGATE_SPOT", 1, 0));
    }
}
