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
import java.util.concurrent.ConcurrentHashMap;
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

    private record Run(Map<String, Seen> seen, int describeServicesCalls, int describedServices, int describeTasksCalls, int describedTasks) {
    }

    /** Every third service fails its health checks; watched by one watcher for all ({@code shared}), or one watcher each. */
    private static Run run(boolean shared) {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T09:00:00Z"));
        try (AwsSimulator simulator = AwsSimulator.builder().clock(clock).start()) {
            try (EcsClient ecs = clusterWithTwoRevisions(simulator)) {
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
                List<RecordedRequest> tasks = simulator.requests("DescribeTasks");
                return new Run(seen, calls.size(), described, tasks.size(), tasks.stream().mapToInt(q -> q.body().path("tasks").size()).sum());
            }
        }
    }

    /** A client of {@code simulator} whose cluster {@code prod} has task definitions web:1 and web:2. */
    private static EcsClient clusterWithTwoRevisions(AwsSimulator simulator) {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDSHARE", "AWS_SECRET_ACCESS_KEY", "s"), "eu-west-1", null, null,
                Map.of("ecs", simulator.endpoint()));
        EcsClient ecs = AwsClients.ecs(settings);
        ecs.createCluster(b -> b.clusterName("prod"));
        for (String tag : new String[] {"1.0", "1.1"}) {
            ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder().name("web").image("public.ecr.aws/nginx/nginx:" + tag)
                            .build()));
        }
        return ecs;
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

    @Test
    void theStoppedTasksOfWatchesPolledTogether_areDescribedInOneCall() {
        Run alone = run(false);
        Run shared = run(true);

        assertThat(shared.seen()).isEqualTo(alone.seen());
        assertThat(alone.seen().values()).extracting(Seen::stoppedTasks).anyMatch(n -> n > 0);
        assertThat(shared.describeTasksCalls()).as("DescribeTasks calls shared vs alone").isLessThan(alone.describeTasksCalls());
    }

    /**
     * 40 deployments at once in one cluster, ten of each scenario, every simulated delay spread by ±30%: the deploy
     * benchmark's mix, on a virtual clock. The shared rounds spend no more than the budget: 2 DescribeServices calls a
     * minute per watch still watching (never under 20 for the cluster), plus the one call it holds at the start.
     */
    @Test
    void watchesSharingACluster_spendAtMostTwentyDescribeServicesCallsAMinutePerTenServices_andEachGetsItsVerdict() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T09:00:00Z"));
        try (AwsSimulator simulator = AwsSimulator.builder().clock(clock).start()) {
            try (EcsClient ecs = clusterWithTwoRevisions(simulator)) {
                Scenario[] scenarios = {Scenario.HEALTHY, Scenario.CANNOT_PULL, Scenario.FAILING_HEALTH_CHECK, Scenario.FAILED_NO_ROLLBACK};
                Map<String, Scenario> names = new LinkedHashMap<>();
                for (int i = 0; i < 40; i++) {
                    String name = scenarios[i % 4].name().toLowerCase() + "-" + i;
                    names.put(name, scenarios[i % 4]);
                    simulator.ecsServices().scenario(name, Scenario.HEALTHY);
                    ecs.createService(b -> b.cluster("prod").serviceName(name).taskDefinition("web:1").desiredCount(2)
                            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")))
                            .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
                }
                clock.advance(Duration.ofMinutes(5));
                simulator.ecsServices().jitter(0.3);
                VirtualScheduler scheduler = new VirtualScheduler(clock);
                DeploymentWatcher watcher = new DeploymentWatcher(ecs, scheduler, clock, "eu-west-1");
                Map<String, Watch> watches = new LinkedHashMap<>();
                Map<String, String> deployments = new LinkedHashMap<>();
                Map<String, Instant> ended = new ConcurrentHashMap<>();
                Instant start = clock.instant();
                names.forEach((name, scenario) -> {
                    simulator.ecsServices().scenario(name, scenario);
                    String id = ecs.updateService(b -> b.cluster("prod").service(name).taskDefinition("web:2")).service().deployments().stream()
                            .filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow().id();
                    deployments.put(name, id);
                    Watch w = watcher.watch(WatchRequest.builder().cluster("prod").service(name).deploymentId(id).timeout(Duration.ofMinutes(30)).build(),
                            e -> { }, s -> { });
                    w.result().whenComplete((r, e) -> ended.put(name, clock.instant()));
                    watches.put(name, w);
                });
                scheduler.runUntil(() -> watches.values().stream().allMatch(w -> w.result().isDone()), Duration.ofMinutes(31));

                List<Double> delays = new ArrayList<>();
                watches.forEach((name, w) -> {
                    DeploymentResult r = w.await();
                    assertThat(r.verdict()).as(name).isEqualTo(names.get(name) == Scenario.HEALTHY ? DeploymentResult.Verdict.SUCCEEDED
                            : DeploymentResult.Verdict.FAILED);
                    delays.add(Duration.between(simulator.ecsServices().verdictAt(deployments.get(name)).orElseThrow(), ended.get(name)).toMillis() / 1000.0);
                });
                // The budget over the run: max(20, 2 x watching) a minute, integrated over the time each count of watches lasted.
                List<Instant> ends = ended.values().stream().sorted().toList();
                double budget = 0;
                Instant from = start;
                for (int i = 0; i < ends.size(); i++) {
                    int watching = ends.size() - i;
                    budget += Math.max(SharedPolls.MIN_CALLS, SharedPolls.CALLS_PER_SERVICE * watching) * Duration.between(from, ends.get(i)).toMillis() / 60_000.0;
                    from = ends.get(i);
                }
                double heldAtStart = 1;
                List<RecordedRequest> calls = simulator.requests("DescribeServices").stream().filter(q -> !q.receivedAt().isBefore(start)).toList();
                assertThat((double) calls.size()).as("DescribeServices calls, against the budget of %.0f", budget).isLessThanOrEqualTo(budget + heldAtStart);
                assertThat(perTenServices(calls, ended, start)).as("DescribeServices calls a minute per 10 services, as the deploy benchmark counts them")
                        .isLessThanOrEqualTo(20);
                assertThat(delays.stream().sorted().toList().get(delays.size() / 2)).as("median seconds from the verdict to the watch's").isLessThanOrEqualTo(1.5);
            }
        }
    }

    /** Per watch, a call naming n services costs 10/n (1 for a full call), over the minutes it watched; averaged over the watches. */
    private static double perTenServices(List<RecordedRequest> calls, Map<String, Instant> ended, Instant start) {
        return ended.entrySet().stream().mapToDouble(watch -> calls.stream()
                .filter(q -> names(q).contains(watch.getKey()))
                .mapToDouble(q -> 10.0 / q.body().path("services").size()).sum() / (Duration.between(start, watch.getValue()).toMillis() / 60_000.0))
                .average().orElseThrow();
    }

    private static List<String> names(RecordedRequest call) {
        List<String> names = new ArrayList<>();
        call.body().path("services").forEach(n -> names.add(n.asText()));
        return names;
    }
}
