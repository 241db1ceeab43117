package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.RecordedRequest;
import dev.quayside.testing.aws.Scenario;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/** Each scenario of the simulator, watched on a virtual clock: the right verdict and the right lines, nothing twice. */
class DeploymentWatcherTest {
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-03-01T09:00:00Z"));
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension(AwsSimulator.builder().clock(CLOCK));

    private static EcsClient ecs;
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final List<Event> lines = new CopyOnWriteArrayList<>();
    private VirtualScheduler scheduler;
    private DeploymentWatcher watcher;
    private String service;

    @BeforeAll
    static void client() {
        AwsSettings settings = AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s"), "eu-west-1", null, null,
                Map.of("ecs", aws.endpoint()));
        // No SDK retries here: throttling is the watcher's to handle, and SDK backoff would sleep for real.
        ecs = EcsClient.builder().region(settings.region()).credentialsProvider(settings.credentials()).endpointOverride(aws.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        ecs.createCluster(b -> b.clusterName("prod"));
        for (String tag : new String[] {"1.0", "1.1"}) {
            ecs.registerTaskDefinition(b -> b.family("web").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").containerDefinitions(ContainerDefinition.builder().name("web").image("public.ecr.aws/nginx/nginx:" + tag).build()));
        }
    }

    @AfterAll
    static void close() {
        ecs.close();
    }

    @BeforeEach
    void setUp() {
        scheduler = new VirtualScheduler(CLOCK);
        watcher = new DeploymentWatcher(ecs, scheduler, CLOCK, "eu-west-1");
        service = "web-" + SERVICES.incrementAndGet();
        aws.simulator().ecsServices().scenario(service, Scenario.HEALTHY);
        aws.simulator().ecsServices().serviceDeploymentsApi(true);
        ecs.createService(b -> b.cluster("prod").serviceName(service).taskDefinition("web:1").desiredCount(2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")))
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        CLOCK.advance(Duration.ofMinutes(5));
    }

    private DeploymentResult deploy(Scenario scenario, Duration timeout) {
        return deploy(scenario, timeout, () -> { });
    }

    /** {@code whenStarted} runs once the service is updated, before the watch's first poll. */
    private DeploymentResult deploy(Scenario scenario, Duration timeout, Runnable whenStarted) {
        aws.simulator().ecsServices().scenario(service, scenario);
        Watch watch = new Deployer(ecs, watcher, null).deploy(DeployRequest.builder().cluster("prod").service(service).taskDefinition("web:2")
                .timeout(timeout).build(), e -> {
                    lines.add(e);
                    if (e.type().equals("deploy.started")) {
                        whenStarted.run();
                    }
                }, s -> { });
        scheduler.runUntil(watch.result()::isDone, timeout.plusMinutes(1));
        return watch.await();
    }

    private List<String> messages(String type) {
        return lines.stream().filter(e -> e.type().equals(type)).map(Event::message).collect(Collectors.toList());
    }

    private void assertNoEventTwice() {
        List<Object> ids = lines.stream().filter(e -> e.type().equals("deploy.event")).map(e -> e.attributes().get("eventId")).collect(Collectors.toList());
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void healthyRollout_succeedsAndStreamsTheServiceEvents() {
        DeploymentResult r = deploy(Scenario.HEALTHY, Duration.ofMinutes(15));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        assertThat(r.taskDefinition()).isEqualTo("web:2");
        assertThat(messages("deploy.event")).anyMatch(m -> m.contains("has started 2 tasks")).anyMatch(m -> m.contains("deployment completed"));
        assertThat(messages("deploy.summary")).anyMatch(m -> m.startsWith("PRIMARY web:2 desired 2 running 0"));
        assertThat(messages("deploy.summary")).doesNotHaveDuplicates();
        assertNoEventTwice();
        Instant verdictAt = aws.simulator().ecsServices().verdictAt(r.deploymentId()).orElseThrow();
        assertThat(Duration.between(verdictAt, CLOCK.instant())).isLessThanOrEqualTo(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"HEALTHY", "CANNOT_PULL", "FAILING_HEALTH_CHECK"})
    void polling_staysWithinTwentyCallsAMinuteOverTheWholeRollout_andIsFasterWhenTheVerdictIsNear(Scenario scenario) {
        Instant start = CLOCK.instant();
        // The polls' calls: the deploy's own look at the service before updating it is not polling.
        DeploymentResult r = deploy(scenario, Duration.ofMinutes(15), aws::clearJournal);

        List<Instant> polls = aws.requests("DescribeServices").stream().filter(q -> q.body().path("services").toString().contains("\"" + service + "\""))
                .map(RecordedRequest::receivedAt).toList();
        assertThat(r.succeeded()).isEqualTo(scenario == Scenario.HEALTHY);
        for (int n = 2; n <= polls.size(); n++) {
            assertThat(Duration.between(start, polls.get(n - 1))).as("poll %d of %d", n, polls.size()).isGreaterThanOrEqualTo(Duration.ofSeconds(3L * n));
        }
        Instant verdictAt = aws.simulator().ecsServices().verdictAt(r.deploymentId()).orElseThrow();
        Duration lastGap = Duration.between(polls.get(polls.size() - 2), polls.get(polls.size() - 1));
        assertThat(lastGap).as("the last wait, before the verdict").isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(verdictAt, CLOCK.instant())).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(polls.stream().filter(p -> p.isBefore(verdictAt.minusSeconds(20))).count()).as("polls before the last 20 s")
                .isLessThan(Duration.between(start, verdictAt.minusSeconds(20)).toSeconds() / 3);
    }

    @Test
    void imageThatCannotBePulled_failsWithTheRollbackAndTheStoppedTasksReason() {
        DeploymentResult r = deploy(Scenario.CANNOT_PULL, Duration.ofMinutes(15));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.reason()).contains("circuit breaker").contains("rolled back to");
        assertThat(r.rolledBackTo()).contains("web:1");
        assertThat(r.stoppedTaskReasons()).hasSize(1);
        assertThat(r.stoppedTaskReasons().keySet().iterator().next()).startsWith("TaskFailedToStart: CannotPullContainerError");
        assertThat(r.stoppedTaskReasons().values().iterator().next()).isGreaterThanOrEqualTo(3);
        assertThat(messages("deploy.stopped")).allMatch(m -> m.contains("CannotPullContainerError"));
        assertNoEventTwice();
        Instant verdictAt = aws.simulator().ecsServices().verdictAt(r.deploymentId()).orElseThrow();
        assertThat(Duration.between(verdictAt, CLOCK.instant())).as("seen %s after the simulator's verdict", Duration.between(verdictAt, CLOCK.instant()))
                .isLessThanOrEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void failingHealthChecks_failWithTheHealthCheckReason() {
        DeploymentResult r = deploy(Scenario.FAILING_HEALTH_CHECK, Duration.ofMinutes(30));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(String.join("\n", r.stoppedTaskReasons().keySet())).containsIgnoringCase("health check");
        assertThat(messages("deploy.event")).anyMatch(m -> m.contains("failed container health checks"));
    }

    @Test
    void failedWithoutRollback_isAFailureThatSaysTheServiceStillRunsIt() {
        DeploymentResult r = deploy(Scenario.FAILED_NO_ROLLBACK, Duration.ofMinutes(15));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.reason()).contains("not rolled back");
        assertThat(r.rolledBackTo()).isNull();
    }

    @Test
    void rolloutSlowerThanTheTimeout_timesOutSayingWhereItWas() {
        DeploymentResult r = deploy(Scenario.SLOW, Duration.ofMinutes(2));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.TIMED_OUT);
        assertThat(r.reason()).contains("did not finish within 2 min").contains("PRIMARY");
        assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMinutes(2)).isLessThan(Duration.ofMinutes(2).plusSeconds(5));
    }

    @Test
    void aConcurrentDeploymentBySomeoneElse_failsOurWatchSayingSo() {
        Watch watch = new Deployer(ecs, watcher, null).deploy(DeployRequest.builder().cluster("prod").service(service).taskDefinition("web:2")
                .timeout(Duration.ofMinutes(15)).build(), lines::add, s -> { });
        scheduler.runUntil(() -> watch.state().polls() >= 3, Duration.ofMinutes(2));
        ecs.updateService(b -> b.cluster("prod").service(service).taskDefinition("web:1").forceNewDeployment(true));
        scheduler.runUntil(watch.result()::isDone, Duration.ofMinutes(15));

        DeploymentResult r = watch.await();
        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.reason()).contains("someone else");
    }

    @Test
    void serviceDeletedMidWatch_fails() {
        Watch watch = new Deployer(ecs, watcher, null).deploy(DeployRequest.builder().cluster("prod").service(service).taskDefinition("web:2")
                .timeout(Duration.ofMinutes(15)).build(), lines::add, s -> { });
        scheduler.runUntil(() -> watch.state().polls() >= 2, Duration.ofMinutes(2));
        ecs.deleteService(b -> b.cluster("prod").service(service).force(true));
        scheduler.runUntil(watch.result()::isDone, Duration.ofMinutes(15));

        DeploymentResult r = watch.await();
        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.reason()).containsAnyOf("DRAINING", "INACTIVE", "not found");
    }

    @Test
    void throttlingBursts_backOffAndStillReachTheVerdict() {
        DeploymentResult r = deploy(Scenario.HEALTHY, Duration.ofMinutes(15),
                () -> aws.simulator().failNext("DescribeServices", "ThrottlingException", "Rate exceeded", 400, 3));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        assertThat(lines).filteredOn(e -> e.type().equals("deploy.throttled")).hasSize(3);
    }

    @Test
    void withoutTheServiceDeploymentsApi_theVerdictIsStillRight() {
        aws.simulator().ecsServices().serviceDeploymentsApi(false);
        DeploymentResult r = deploy(Scenario.CANNOT_PULL, Duration.ofMinutes(15));

        assertThat(r.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(r.rolledBackTo()).contains("web:1");
    }

    @Test
    void withTheServiceDeploymentsApi_theReasonSaysWhatItReports() {
        DeploymentResult r = deploy(Scenario.CANNOT_PULL, Duration.ofMinutes(15));
        assertThat(r.reason()).contains("service deployment");
    }

    @Test
    void resumingMidRollout_continuesWithoutRepeatsOrGaps() {
        // The whole rollout, uninterrupted, on a twin service for reference.
        DeploymentResult reference = deploy(Scenario.HEALTHY, Duration.ofMinutes(15));
        List<String> referenceEvents = messages("deploy.event");
        lines.clear();

        setUp();
        aws.simulator().ecsServices().scenario(service, Scenario.HEALTHY);
        List<WatchState> saved = new ArrayList<>();
        Watch first = new Deployer(ecs, watcher, null).deploy(DeployRequest.builder().cluster("prod").service(service).taskDefinition("web:2")
                .timeout(Duration.ofMinutes(15)).build(), lines::add, saved::add);
        scheduler.runUntil(() -> messages("deploy.event").size() >= 2, Duration.ofMinutes(5));
        first.cancel();
        WatchState restart = saved.get(saved.size() - 1);

        Watch resumed = watcher.watch(WatchRequest.builder().resumeFrom(restart).timeout(Duration.ofMinutes(15)).build(), lines::add, s -> { });
        scheduler.runUntil(resumed.result()::isDone, Duration.ofMinutes(15));

        assertThat(resumed.await().verdict()).isEqualTo(reference.verdict());
        List<String> all = messages("deploy.event").stream().map(m -> m.replace(service, "SERVICE")).collect(Collectors.toList());
        List<String> expected = referenceEvents.stream().map(m -> m.replace("web-" + (SERVICES.get() - 1), "SERVICE")).collect(Collectors.toList());
        assertThat(all.stream().map(DeploymentWatcherTest::withoutIds).collect(Collectors.toList()))
                .containsExactlyElementsOf(expected.stream().map(DeploymentWatcherTest::withoutIds).collect(Collectors.toList()));
        assertNoEventTwice();
    }

    private static String withoutIds(String message) {
        return message.replaceAll("\\(task [^)]*\\)", "(task)").replaceAll("ecs-svc/[0-9]+", "ecs-svc/N").replaceAll("[0-9a-f]{32}", "ID");
    }

    @Test
    void twoHundredConcurrentWatches_needAFewThreadsNotTwoHundred() throws Exception {
        // Real time here (threads are what we measure), but a scaled-down rollout.
        int before = Thread.activeCount();
        AtomicInteger peak = new AtomicInteger(before);
        Scheduler real = Scheduler.threads(2);
        DeploymentWatcher shared = new DeploymentWatcher(ecs, real, CLOCK, "eu-west-1");
        List<Watch> watches = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            watches.add(shared.watch(WatchRequest.builder().cluster("prod").service(service).timeout(Duration.ofMinutes(10))
                    .pollPolicy(PollPolicy.of(Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(1))).build(),
                    e -> { }, s -> { }));
            peak.accumulateAndGet(Thread.activeCount(), Math::max);
        }
        while (watches.stream().anyMatch(w -> !w.result().isDone())) {
            peak.accumulateAndGet(Thread.activeCount(), Math::max);
            CLOCK.advance(Duration.ofSeconds(1));
            Thread.sleep(20);
        }
        for (Watch w : watches) {
            assertThat(w.await().verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        }
        assertThat(peak.get() - before).isLessThanOrEqualTo(8);
    }
}
