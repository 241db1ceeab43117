package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Watches of one cluster share their DescribeServices calls (10 services a call): each watch still gets
 * the verdict and the service events it gets alone, on a virtual clock, for a fraction of the calls.
 */
class SharedPollsTest {
    private static final int SERVICES = 13;

    /** What one watch saw: its verdict and its service events, ids made neutral (they come from the simulator's run order). */
    private record Seen(DeploymentResult.Verdict verdict, String reason, List<String> events, int stoppedTasks) {
    }

    private record Run(Map<String, Seen> seen, int describeServicesCalls, int describedServices) {
    }

    /** Every third service fails its health checks; watched by one watcher for all ({@code shared}), or one watcher each. */
    private static Run run(boolean shared) {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T09:00:00Z"));
        try (AwsSimulator simulator = AwsSimulator.builder().clock(clock).start()) {
            AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDSHARE", "AWS_SECRET_ACCESS_KEY", "s"), "eu-west-1", null, null,
                    Map.of("ecs", simulator.endpoint()));
            try (EcsClient ecs = AwsClients.ecs(settings)) {
                ecs.createCluster(b -> b.clusterName("prod"));
                for (String tag : new String[] {"1.0", "1.1"}) {
                    ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                            .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder().name("web").image("public.ecr.aws/nginx/nginx:" + tag)
                                    .build()));
                }
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= SERVICES; i++) {
                    String name = "svc-" + i;
                    names.add(name);
                    simulator.ecsServices().scenario(name, Scenario.HEALTHY);
                    ecs.createService(b -> b.cluster("prod").serviceName(name).taskDefinition("web:1").desiredCount(2)
                            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")))
                            .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
                }
                clock.advance(Duration.ofMinutes(5));
                VirtualScheduler scheduler = new VirtualScheduler(clock);
                DeploymentWatcher one = new DeploymentWatcher(ecs, scheduler, clock, "eu-west-1");
                Function<String, DeploymentWatcher> watcherOf = name -> shared ? one : new DeploymentWatcher(ecs, scheduler, clock, "eu-west-1");
                Map<String, List<Event>> lines = new LinkedHashMap<>();
                Map<String, Watch> watches = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    simulator.ecsServices().scenario(name, i % 3 == 2 ? Scenario.FAILING_HEALTH_CHECK : Scenario.HEALTHY);
                    ecs.updateService(b -> b.cluster("prod").service(name).taskDefinition("web:2"));
                    // Started a little apart, as a pipeline's stages would.
                    clock.advance(Duration.ofMillis(700));
                    List<Event> own = new CopyOnWriteArrayList<>();
                    lines.put(name, own);
                    watches.put(name, watcherOf.apply(name).watch(WatchRequest.builder().cluster("prod").service(name).timeout(Duration.ofMinutes(30))
                            .build(), own::add, s -> { }));
                }
                int before = simulator.requests("DescribeServices").size();
                scheduler.runUntil(() -> watches.values().stream().allMatch(w -> w.result().isDone()), Duration.ofMinutes(31));
                Map<String, Seen> seen = new LinkedHashMap<>();
                watches.forEach((name, w) -> {
                    DeploymentResult r = w.await();
                    List<String> events = lines.get(name).stream().filter(e -> e.type().equals("deploy.event")).map(e -> neutral(e.message())).toList();
                    int stopped = (int) lines.get(name).stream().filter(e -> e.type().equals("deploy.stopped")).count();
                    seen.put(name, new Seen(r.verdict(), neutral(r.reason()), events, stopped));
                });
                List<RecordedRequest> all = simulator.requests("DescribeServices");
                List<RecordedRequest> calls = all.subList(before, all.size());
                int described = calls.stream().mapToInt(q -> q.body().path("services").size()).sum();
                return new Run(seen, calls.size(), described);
            }
        }
    }

    private static String neutral(String text) {
        return text == null ? null : text.replaceAll("[0-9a-f]{32}", "TASK").replaceAll("ecs-svc/\\d+", "ecs-svc/ID");
    }

    @Test
    void watchesOfOneCluster_shareDescribeServices_tenAServiceACall_andEachSeesWhatItSeesAlone() {
        Run alone = run(false);
        Run shared = run(true);

        assertThat(shared.seen()).isEqualTo(alone.seen());
        assertThat(alone.seen().values()).extracting(Seen::verdict).contains(DeploymentResult.Verdict.SUCCEEDED, DeploymentResult.Verdict.FAILED);
        assertThat(alone.describedServices()).isEqualTo(alone.describeServicesCalls());
        assertThat(shared.describedServices() / (double) shared.describeServicesCalls()).as("services per call").isGreaterThan(4);
        assertThat(shared.describeServicesCalls()).as("calls shared vs alone").isLessThan(alone.describeServicesCalls() / 3);
    }
}
