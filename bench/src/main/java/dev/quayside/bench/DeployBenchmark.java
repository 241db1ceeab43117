package dev.quayside.bench;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Deployment watch benchmark, in real time on the simulator: every scenario, several times, each
 * deployment watched at once three ways: by our watcher alone (one watcher per service, so no call is
 * shared), by one watcher for all the services (their DescribeServices calls shared, up to 10 services
 * a call), and by the fixed policy of {@code aws ecs wait services-stable} (DescribeServices every
 * 15 s; success when one deployment has running = desired; at most 40 attempts). For each: the verdict,
 * the delay from the simulator's verdict to the watcher's, and DescribeServices calls per minute
 * (counted by the simulator, per access key): per watch, and for the shared watcher per 10 services
 * (each call's cost split among the services it names). {@code -Dpeer.long=false} leaves out the peer
 * where it runs to its 10-min cap (a deployment that fails without rollback), to iterate quicker.
 */
public final class DeployBenchmark {
    private static final int REPEAT = Integer.getInteger("repeat", 5);
    private static final boolean PEER_LONG = Boolean.parseBoolean(System.getProperty("peer.long", "true"));
    private static final List<String> WATCHERS = List.of("quayside alone", "quayside batched", "services-stable");
    private static final List<Scenario> SCENARIOS = List.of(Scenario.HEALTHY, Scenario.CANNOT_PULL, Scenario.FAILING_HEALTH_CHECK, Scenario.FAILED_NO_ROLLBACK);

    private record Outcome(Scenario scenario, String watcher, String verdict, boolean right, double delaySeconds, double callsPerMinute) {
    }

    public static void main(String[] args) throws Exception {
        try (AwsSimulator sim = AwsSimulator.start()) {
            EcsClient ours = client(sim, "AKIDQUAYSIDE");
            EcsClient waiter = client(sim, "AKIDWAITER");
            ours.createCluster(b -> b.clusterName("bench"));
            for (String tag : new String[] {"1", "2"}) {
                ours.registerTaskDefinition(b -> b.family("app").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                        .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder().name("app").image("public.ecr.aws/nginx/nginx:" + tag).build()));
            }
            List<String> services = new ArrayList<>();
            for (Scenario scenario : SCENARIOS) {
                for (int i = 0; i < REPEAT; i++) {
                    String name = scenario.name().toLowerCase().replace('_', '-') + "-" + i;
                    sim.ecsServices().scenario(name, Scenario.HEALTHY);
                    ours.createService(b -> b.cluster("bench").serviceName(name).taskDefinition("app:1").desiredCount(2)
                            .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")))
                            .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
                    services.add(name);
                }
            }
            System.out.println("Waiting for " + services.size() + " services to be stable before the measured deployments ...");
            waitStable(ours, services);

            EcsClient alone = client(sim, "AKIDALONE");
            Scheduler scheduler = Scheduler.threads(4);
            DeploymentWatcher batched = new DeploymentWatcher(ours, scheduler, Clock.systemUTC(), "eu-west-1");
            ExecutorService waiters = Executors.newCachedThreadPool();
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            Instant started = Instant.now();
            // Every task's delays spread by ±30%, so verdicts fall at any phase of either watcher's polls.
            sim.ecsServices().jitter(0.3);
            for (String name : services) {
                Scenario scenario = Scenario.valueOf(name.substring(0, name.lastIndexOf('-')).toUpperCase().replace('-', '_'));
                sim.ecsServices().scenario(name, scenario);
                Service updated = ours.updateService(b -> b.cluster("bench").service(name).taskDefinition("app:2")).service();
                String deploymentId = updated.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().map(Deployment::id).orElseThrow();
                boolean shouldSucceed = scenario == Scenario.HEALTHY;
                Instant start = Instant.now();
                WatchRequest request = WatchRequest.builder().cluster("bench").service(name).deploymentId(deploymentId).timeout(Duration.ofMinutes(15)).build();
                // A watcher of its own: its calls describe this service only.
                Watch own = new DeploymentWatcher(alone, scheduler, Clock.systemUTC(), "eu-west-1").watch(request, ProgressListener.NONE, s -> { });
                outcomes.add(own.result().thenApply(r -> outcome(sim, scenario, WATCHERS.get(0), r.verdict().name(), r.succeeded() == shouldSucceed,
                        deploymentId, Instant.now(), start, "AKIDALONE", name)));
                Watch shared = batched.watch(request, ProgressListener.NONE, s -> { });
                outcomes.add(shared.result().thenApply(r -> outcome(sim, scenario, WATCHERS.get(1), r.verdict().name(), r.succeeded() == shouldSucceed,
                        deploymentId, Instant.now(), start, "AKIDQUAYSIDE", name)));
                if (PEER_LONG || scenario != Scenario.FAILED_NO_ROLLBACK) {
                    outcomes.add(CompletableFuture.supplyAsync(() -> servicesStable(waiter, name), waiters).thenApply(v -> outcome(sim, scenario,
                            WATCHERS.get(2), v, v.equals("SUCCEEDED") == shouldSucceed, deploymentId, Instant.now(), start, "AKIDWAITER", name)));
                }
            }
            List<Outcome> results = new ArrayList<>();
            for (CompletableFuture<Outcome> f : outcomes) {
                results.add(f.get());
            }
            waiters.shutdownNow();
            System.out.printf("%nAll watches done in %.0f s of real time.%n%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
            System.out.println("| scenario | watcher | verdicts | right | median delay after the simulator's verdict | worst delay | DescribeServices calls/min (per watch; batched: per 10 services) |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Scenario scenario : SCENARIOS) {
                for (String who : WATCHERS) {
                    row(scenario.name(), who, results.stream().filter(o -> o.scenario == scenario && o.watcher.equals(who)).toList(), true);
                }
            }
            for (String who : WATCHERS) {
                row("all scenarios", who, results.stream().filter(o -> o.watcher.equals(who)).toList(), false);
            }
            System.out.println();
            System.out.println("| watcher | DescribeServices calls | ListTasks calls | DescribeTasks calls (tasks described) |");
            System.out.println("|---|---|---|---|");
            String[] keys = {"AKIDALONE", "AKIDQUAYSIDE", "AKIDWAITER"};
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i];
                Function<String, List<RecordedRequest>> calls = op -> sim.requests(op).stream()
                        .filter(r -> key.equals(r.accessKeyId()) && !r.receivedAt().isBefore(started)).toList();
                System.out.printf("| %s | %d | %d | %d (%d) |%n", WATCHERS.get(i), calls.apply("DescribeServices").size(), calls.apply("ListTasks").size(),
                        calls.apply("DescribeTasks").size(), calls.apply("DescribeTasks").stream().mapToInt(r -> r.body().path("tasks").size()).sum());
            }
            alone.close();
            ours.close();
            waiter.close();
        }
        System.exit(0);
    }

    private static void row(String scenario, String who, List<Outcome> rows, boolean verdicts) {
        if (rows.isEmpty()) {
            System.out.printf("| %s | %s | (left out: -Dpeer.long=false) | | | | |%n", scenario, who);
            return;
        }
        List<Double> delays = rows.stream().map(Outcome::delaySeconds).sorted().toList();
        System.out.printf("| %s | %s | %s | %d/%d | %.1f s | %.1f s | %.1f |%n", scenario, who,
                verdicts ? String.join(", ", rows.stream().map(Outcome::verdict).distinct().toList()) : "", rows.stream().filter(Outcome::right).count(),
                rows.size(), median(delays), delays.get(delays.size() - 1), rows.stream().mapToDouble(Outcome::callsPerMinute).average().orElse(0));
    }

    private static Outcome outcome(AwsSimulator sim, Scenario scenario, String who, String verdict, boolean right, String deploymentId,
                                   Instant detected, Instant start, String accessKey, String service) {
        Instant simVerdict = sim.ecsServices().verdictAt(deploymentId).orElse(detected);
        double delay = Math.max(0, Duration.between(simVerdict, detected).toMillis() / 1000.0);
        // A call that describes n services costs each of them 1/n; per 10 services that is 10/n (1 for a call of 10).
        double calls = sim.requests("DescribeServices").stream()
                .filter(r -> accessKey.equals(r.accessKeyId()) && mentions(r, service) && !r.receivedAt().isBefore(start))
                .mapToDouble(r -> who.equals(WATCHERS.get(1)) ? 10.0 / r.body().path("services").size() : 1).sum();
        double minutes = Math.max(Duration.between(start, detected).toMillis() / 60000.0, 1.0 / 60);
        return new Outcome(scenario, who, verdict, right, delay, calls / minutes);
    }

    private static boolean mentions(RecordedRequest r, String service) {
        for (var named : r.body().path("services")) {
            if (named.asText().equals(service)) {
                return true;
            }
        }
        return false;
    }

    /** The services-stable waiter's acceptors, polled every 15 s, 40 attempts. */
    private static String servicesStable(EcsClient ecs, String service) {
        for (int attempt = 1; attempt <= 40; attempt++) {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "INTERRUPTED";
            }
            List<Service> s = ecs.describeServices(b -> b.cluster("bench").services(service)).services();
            if (s.isEmpty() || !"ACTIVE".equals(s.get(0).status())) {
                return "FAILED";
            }
            Service svc = s.get(0);
            if (svc.deployments().size() == 1 && svc.runningCount().equals(svc.desiredCount())) {
                return "SUCCEEDED";
            }
        }
        return "TIMED_OUT";
    }

    private static void waitStable(EcsClient ecs, List<String> services) throws InterruptedException {
        while (true) {
            boolean all = true;
            // DescribeServices takes at most 10 services a call.
            for (int i = 0; i < services.size(); i += 10) {
                List<String> chunk = services.subList(i, Math.min(i + 10, services.size()));
                all &= ecs.describeServices(b -> b.cluster("bench").services(chunk)).services().stream()
                        .allMatch(s -> s.deployments().size() == 1 && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
            }
            if (all) {
                return;
            }
            Thread.sleep(2000);
        }
    }

    private static EcsClient client(AwsSimulator sim, String accessKey) {
        return AwsClients.ecs(AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", "s"), "eu-west-1", null, null,
                Map.of("ecs", sim.endpoint())));
    }

    private static double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(sorted);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
