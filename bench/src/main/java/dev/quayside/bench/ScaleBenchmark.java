package dev.quayside.bench;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.EcsServices;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Many watches at once, in real time on the simulator: {@code -Dwatches=200} deployments in progress (in
 * {@code -Dclusters=4} clusters), each watched for {@code -Dseconds=60}, three ways one after the other:
 * one quayside watcher for all (their DescribeServices calls shared, 10 services a call), one quayside
 * watcher per service (no sharing: what one watch costs, times 200), and the fixed policy of
 * {@code aws ecs wait services-stable} (a blocking waiter each, DescribeServices every 15 s). For each:
 * the threads and heap the watches add to this JVM, and the ECS calls a minute the simulator received.
 */
public final class ScaleBenchmark {
    private static final int WATCHES = Integer.getInteger("watches", 200);
    private static final int CLUSTERS = Integer.getInteger("clusters", 4);
    private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("seconds", 60));
    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private record Figures(String how, int threads, double heapMiB, double describeServicesPerMinute, double ecsCallsPerMinute) {
    }

    public static void main(String[] args) throws Exception {
        try (AwsSimulator sim = AwsSimulator.start()) {
            EcsServices.Timings d = EcsServices.Timings.DEFAULTS;
            // Deployments that stay in progress for the whole run: tasks that take an hour to become healthy.
            sim.ecsServices().timings(new EcsServices.Timings(d.placement(), d.provisioning(), d.pending(), d.healthCheck(), Duration.ofHours(1),
                    d.pullFailure(), d.drain(), d.stoppedTaskRetention(), d.inactiveServiceRetention()));
            List<String[]> services = new ArrayList<>();
            for (int i = 0; i < WATCHES; i++) {
                String cluster = "scale-" + i % CLUSTERS;
                String name = "svc-" + i;
                sim.ecsServices().scenario(name, Scenario.SLOW);
                sim.bootstrapService("eu-west-1", cluster, name);
                services.add(new String[] {cluster, name});
            }
            System.out.printf("%d deployments in progress in %d clusters; each way watches all of them for %d s (after %d s to settle).%n%n",
                    WATCHES, CLUSTERS, WINDOW.toSeconds(), WARM_UP.toSeconds());
            List<Figures> rows = new ArrayList<>();
            rows.add(measure(sim, "quayside, one watcher (shared calls)", "AKIDSHARED", services, (ecs, scheduler) -> {
                DeploymentWatcher one = new DeploymentWatcher(ecs, scheduler, Clock.systemUTC(), "eu-west-1");
                return s -> one;
            }));
            rows.add(measure(sim, "quayside, a watcher per service (no sharing)", "AKIDALONE", services,
                    (ecs, scheduler) -> s -> new DeploymentWatcher(ecs, scheduler, Clock.systemUTC(), "eu-west-1")));
            rows.add(waiters(sim, services));
            System.out.println("| watches of " + WATCHES + " deployments | threads added | heap added (after GC) | DescribeServices calls/min | all ECS calls/min |");
            System.out.println("|---|---|---|---|---|");
            for (Figures f : rows) {
                System.out.printf("| %s | %d | %.1f MiB | %.0f | %.0f |%n", f.how, f.threads, f.heapMiB, f.describeServicesPerMinute, f.ecsCallsPerMinute);
            }
        }
        System.exit(0);
    }

    private interface Watchers {
        Function<String, DeploymentWatcher> of(EcsClient ecs, Scheduler scheduler);
    }

    /** Our watches of every deployment, on one scheduler of 4 threads (as the CLI and the bench do). */
    private static Figures measure(AwsSimulator sim, String how, String accessKey, List<String[]> services, Watchers watchers) throws Exception {
        Baseline base = Baseline.now();
        EcsClient ecs = client(sim, accessKey);
        Scheduler scheduler = Scheduler.threads(4);
        Function<String, DeploymentWatcher> watcherOf = watchers.of(ecs, scheduler);
        List<Watch> watches = new ArrayList<>();
        for (String[] s : services) {
            watches.add(watcherOf.apply(s[1]).watch(WatchRequest.builder().cluster(s[0]).service(s[1]).timeout(Duration.ofMinutes(30)).build(),
                    ProgressListener.NONE, st -> { }));
        }
        Figures f = window(sim, how, accessKey, base);
        watches.forEach(Watch::cancel);
        ecs.close();
        return f;
    }

    /** The services-stable policy: a blocking waiter per deployment, DescribeServices of its service every 15 s. */
    private static Figures waiters(AwsSimulator sim, List<String[]> services) throws Exception {
        Baseline base = Baseline.now();
        EcsClient ecs = client(sim, "AKIDWAITER");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (String[] s : services) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    ecs.describeServices(b -> b.cluster(s[0]).services(s[1]));
                    try {
                        Thread.sleep(15_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "services-stable " + s[1]);
            t.start();
            threads.add(t);
        }
        Figures f = window(sim, "aws ecs wait services-stable policy (a waiter each)", "AKIDWAITER", base);
        stop.set(true);
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join();
        }
        ecs.close();
        return f;
    }

    /** After the warm-up: the calls of {@code accessKey} over the window, and the threads and heap added since {@code base}. */
    private static Figures window(AwsSimulator sim, String how, String accessKey, Baseline base) throws InterruptedException {
        Thread.sleep(WARM_UP.toMillis());
        Instant from = Instant.now();
        Thread.sleep(WINDOW.toMillis());
        Instant to = Instant.now();
        Baseline during = Baseline.now();
        List<RecordedRequest> calls = sim.requests().stream().filter(r -> accessKey.equals(r.accessKeyId()) && !r.receivedAt().isBefore(from)
                && r.receivedAt().isBefore(to)).toList();
        double minutes = Duration.between(from, to).toMillis() / 60_000.0;
        long describe = calls.stream().filter(r -> "DescribeServices".equals(r.operation())).count();
        Figures f = new Figures(how, during.threads - base.threads, (during.heap - base.heap) / 1048576.0, describe / minutes, calls.size() / minutes);
        System.out.printf("%s: %d threads, %.1f MiB, %.0f DescribeServices/min, %.0f ECS calls/min%n", how, f.threads, f.heapMiB,
                f.describeServicesPerMinute, f.ecsCallsPerMinute);
        return f;
    }

    /** Live threads and heap used after a full GC. */
    private record Baseline(int threads, long heap) {
        static Baseline now() throws InterruptedException {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            return new Baseline(threads.getThreadCount(), memory.getHeapMemoryUsage().getUsed());
        }
    }

    private static EcsClient client(AwsSimulator sim, String accessKey) {
        return AwsClients.ecs(AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", "s"), "eu-west-1", null, null,
                Map.of("ecs", sim.endpoint())));
    }
}
