package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.events.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/** The verdict rules, on hand-made DescribeServices answers. */
class DeploymentObserverTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String OURS = "ecs-svc/1111111111111111111";
    private static final String OLD = "ecs-svc/2222222222222222222";
    private static final String ROLLBACK = "ecs-svc/3333333333333333333";

    private final DeploymentObserver observer = new DeploymentObserver("eu-west-1");
    private final List<ServiceEvent> events = new ArrayList<>();

    private static Deployment deployment(String id, String status, String td, int desired, int running, int failed, String rollout, String reason, int createdSecond) {
        return Deployment.builder().id(id).status(status).taskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + td)
                .desiredCount(desired).runningCount(running).pendingCount(desired - running).failedTasks(failed)
                .rolloutState(rollout).rolloutStateReason(reason).createdAt(T0.plusSeconds(createdSecond)).build();
    }

    private Service service(String status, Deployment... deployments) {
        List<ServiceEvent> newestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(newestFirst);
        return Service.builder().serviceName("myapp").status(status).deployments(deployments).events(newestFirst).build();
    }

    private void event(int second, String message) {
        events.add(ServiceEvent.builder().id("e" + events.size()).createdAt(T0.plusSeconds(second)).message(message).build());
    }

    private static WatchState start() {
        return WatchState.start("prod", "myapp", OURS, T0.toEpochMilli());
    }

    private DeploymentObserver.Observation observe(WatchState s, Service svc) {
        return observer.observe(s, Optional.of(svc), List.of(), Optional.empty(), T0.plusSeconds(60));
    }

    @Test
    void succeeds_onlyWhenOurDeploymentIsPrimaryAndCompleted() {
        DeploymentObserver.Observation steady = observe(start(), service("ACTIVE",
                deployment(OURS, "PRIMARY", "myapp:7", 2, 2, 0, "IN_PROGRESS", null, 1), deployment(OLD, "ACTIVE", "myapp:6", 2, 2, 0, "COMPLETED", null, -100)));
        assertThat(steady.result).as("steady state alone is not success").isNull();

        DeploymentObserver.Observation done = observe(steady.state, service("ACTIVE", deployment(OURS, "PRIMARY", "myapp:7", 2, 2, 0, "COMPLETED", null, 1)));
        assertThat(done.result.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
        assertThat(done.result.taskDefinition()).isEqualTo("myapp:7");
    }

    @Test
    void circuitBreakerRollback_isAFailureNamingTheDeploymentRolledBackTo() {
        event(10, "(service myapp) (deployment " + OURS + ") deployment failed: tasks failed to start.");
        Service svc = service("ACTIVE", deployment(ROLLBACK, "PRIMARY", "myapp:6", 2, 0, 0, "IN_PROGRESS", null, 20),
                deployment(OURS, "ACTIVE", "myapp:7", 2, 0, 3, "FAILED", "ECS deployment circuit breaker: tasks failed to start.", 1));

        DeploymentObserver.Observation o = observe(start(), svc);

        assertThat(o.result.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(o.result.reason()).contains("circuit breaker: tasks failed to start").contains("rolled back to " + ROLLBACK + " (myapp:6)");
        assertThat(o.result.rolledBackTo()).isEqualTo(ROLLBACK + " (myapp:6)");
        assertThat(o.result.lastEvents()).anyMatch(e -> e.contains("deployment failed"));
    }

    @Test
    void failedWithoutRollback_saysTheServiceStillRunsIt() {
        DeploymentObserver.Observation o = observe(start(), service("ACTIVE",
                deployment(OURS, "PRIMARY", "myapp:7", 2, 0, 3, "FAILED", "ECS deployment circuit breaker: tasks failed to start.", 1)));
        assertThat(o.result.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(o.result.reason()).contains("not rolled back");
        assertThat(o.result.rolledBackTo()).isNull();
    }

    @Test
    void aNewerDeploymentBySomeoneElse_isAFailureThatSaysSo() {
        DeploymentObserver.Observation o = observe(start(), service("ACTIVE",
                deployment("ecs-svc/9999999999999999999", "PRIMARY", "myapp:9", 2, 0, 0, "IN_PROGRESS", null, 30),
                deployment(OURS, "ACTIVE", "myapp:7", 2, 1, 0, "IN_PROGRESS", null, 1)));
        assertThat(o.result.verdict()).isEqualTo(DeploymentResult.Verdict.FAILED);
        assertThat(o.result.reason()).contains("a newer deployment ecs-svc/9999999999999999999 (myapp:9) replaced it").contains("someone else");
    }

    @Test
    void deletedOrMissingService_isAFailure() {
        assertThat(observe(start(), service("DRAINING", deployment(OURS, "PRIMARY", "myapp:7", 2, 2, 0, "IN_PROGRESS", null, 1))).result.reason())
                .contains("DRAINING");
        DeploymentObserver.Observation missing = observer.observe(start(), Optional.empty(), List.of(), Optional.empty(), T0);
        assertThat(missing.result.reason()).contains("was not found");
    }

    @Test
    void withoutRolloutState_succeedsWhenOnlyOursRunsAllTasks() {
        Deployment noState = Deployment.builder().id(OURS).status("PRIMARY").taskDefinition("td/myapp:7").desiredCount(2).runningCount(2).pendingCount(0).createdAt(T0).build();
        Deployment old = Deployment.builder().id(OLD).status("ACTIVE").taskDefinition("td/myapp:6").desiredCount(2).runningCount(1).pendingCount(0).createdAt(T0).build();
        assertThat(observe(start(), service("ACTIVE", noState, old)).result).isNull();
        assertThat(observe(start(), service("ACTIVE", noState)).result.verdict()).isEqualTo(DeploymentResult.Verdict.SUCCEEDED);
    }

    @Test
    void eventsAreReportedOnceOldestFirst_andTheSummaryOnlyWhenItChanges() {
        event(-30, "(service myapp) has reached a steady state.");
        event(5, "(service myapp) has started 2 tasks: (task a) (task b).");
        Deployment ours = deployment(OURS, "PRIMARY", "myapp:7", 2, 0, 0, "IN_PROGRESS", null, 1);
        DeploymentObserver.Observation first = observe(start(), service("ACTIVE", ours));
        assertThat(first.lines).extracting(Event::message).containsExactly(
                "(service myapp) has started 2 tasks: (task a) (task b).", "PRIMARY myapp:7 desired 2 running 0 pending 2 failed 0 IN_PROGRESS");

        event(25, "(service myapp) registered 2 targets in (target-group tg)");
        DeploymentObserver.Observation second = observe(first.state, service("ACTIVE", ours));
        assertThat(second.lines).extracting(Event::message).containsExactly("(service myapp) registered 2 targets in (target-group tg)");

        DeploymentObserver.Observation third = observe(second.state, service("ACTIVE", ours));
        assertThat(third.lines).isEmpty();
    }

    @Test
    void stoppedTasks_areReportedOnceAndGroupedByReason() {
        Deployment ours = deployment(OURS, "PRIMARY", "myapp:7", 2, 0, 2, "IN_PROGRESS", null, 1);
        String pull = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref x/myapp:1.1: not found";
        Task a = Task.builder().taskArn("arn:aws:ecs:eu-west-1:1:task/prod/aaa").lastStatus("STOPPED").stopCode("TaskFailedToStart").stoppedReason(pull)
                .containers(Container.builder().name("myapp").reason(pull).build()).build();
        Task b = a.toBuilder().taskArn("arn:aws:ecs:eu-west-1:1:task/prod/bbb").build();
        Task c = Task.builder().taskArn("arn:aws:ecs:eu-west-1:1:task/prod/ccc").lastStatus("STOPPED").stopCode("EssentialContainerExited")
                .stoppedReason("Essential container in task exited").containers(Container.builder().name("myapp").exitCode(137).build()).build();

        DeploymentObserver.Observation o1 = observer.observe(start(), Optional.of(service("ACTIVE", ours)), List.of(a, b), Optional.empty(), T0);
        DeploymentObserver.Observation o2 = observer.observe(o1.state, Optional.of(service("ACTIVE", ours)), List.of(a, b, c), Optional.empty(), T0);

        assertThat(o1.lines).filteredOn(e -> e.type().equals("deploy.stopped")).hasSize(2);
        assertThat(o2.lines).filteredOn(e -> e.type().equals("deploy.stopped")).extracting(Event::message)
                .containsExactly("stopped task ccc: EssentialContainerExited: Essential container in task exited [container myapp exit code 137]");
        assertThat(o2.state.stoppedReasons()).containsEntry("TaskFailedToStart: " + pull, 2)
                .containsEntry("EssentialContainerExited: Essential container in task exited [container myapp exit code 137]", 1);
    }

    private Service withBreaker(Deployment... deployments) {
        return service("ACTIVE", deployments).toBuilder().deploymentConfiguration(c -> c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))).build();
    }

    private PollPolicy.Outlook outlook(WatchState s, Service svc) {
        return observe(s, svc).outlook;
    }

    @Test
    void outlook_dueOnceOnlyOurTasksAreLeft_quietWhileTasksAreToStartOrTheOldOnesNotYetStopped_ongoingWhileTheyDrain() {
        Deployment starting = deployment(OURS, "PRIMARY", "myapp:7", 2, 0, 0, "IN_PROGRESS", null, 1);
        Deployment ours = deployment(OURS, "PRIMARY", "myapp:7", 2, 2, 0, "IN_PROGRESS", null, 1);
        Deployment old = deployment(OLD, "ACTIVE", "myapp:6", 2, 2, 0, "COMPLETED", null, -100);
        Deployment draining = old.toBuilder().desiredCount(0).build();
        Deployment drained = draining.toBuilder().runningCount(0).build();

        assertThat(outlook(start(), withBreaker(starting, old))).isEqualTo(PollPolicy.Outlook.QUIET);
        assertThat(outlook(start(), withBreaker(ours, old))).isEqualTo(PollPolicy.Outlook.QUIET);
        assertThat(outlook(start(), withBreaker(ours, draining))).isEqualTo(PollPolicy.Outlook.ONGOING);
        assertThat(outlook(start(), withBreaker(ours, drained))).isEqualTo(PollPolicy.Outlook.DUE);
        assertThat(outlook(start(), withBreaker(ours))).isEqualTo(PollPolicy.Outlook.DUE);
    }

    @Test
    void outlook_nearWhenOneMoreFailedTaskTripsTheBreaker_butTasksThatFailOnlyOnceStartedMustRunFirst() {
        Deployment oneShortStarting = deployment(OURS, "PRIMARY", "myapp:7", 2, 0, 2, "IN_PROGRESS", null, 1);
        Deployment oneShortRunning = deployment(OURS, "PRIMARY", "myapp:7", 2, 2, 2, "IN_PROGRESS", null, 1);
        Deployment old = deployment(OLD, "ACTIVE", "myapp:6", 2, 2, 0, "COMPLETED", null, -100);
        Task failedToStart = Task.builder().taskArn("arn:aws:ecs:eu-west-1:1:task/prod/aaa").lastStatus("STOPPED").stopCode("TaskFailedToStart")
                .stoppedReason("CannotPullContainerError: not found").build();
        Task failedHealthChecks = Task.builder().taskArn("arn:aws:ecs:eu-west-1:1:task/prod/bbb").lastStatus("STOPPED").stopCode("ServiceSchedulerInitiated")
                .stoppedReason("Task failed container health checks").build();
        WatchState pullFailures = observer.observe(start(), Optional.of(withBreaker(oneShortStarting, old)), List.of(failedToStart), Optional.empty(), T0).state;
        WatchState healthFailures = observer.observe(start(), Optional.of(withBreaker(oneShortStarting, old)), List.of(failedHealthChecks), Optional.empty(), T0).state;

        assertThat(outlook(start(), withBreaker(oneShortStarting, old))).as("no failure seen stopped yet").isEqualTo(PollPolicy.Outlook.NEAR);
        assertThat(outlook(pullFailures, withBreaker(oneShortStarting, old))).isEqualTo(PollPolicy.Outlook.NEAR);
        assertThat(outlook(healthFailures, withBreaker(oneShortStarting, old))).isEqualTo(PollPolicy.Outlook.QUIET);
        assertThat(outlook(healthFailures, withBreaker(oneShortRunning, old))).isEqualTo(PollPolicy.Outlook.NEAR);
        assertThat(outlook(start(), service("ACTIVE", oneShortStarting, old))).as("without a circuit breaker failures end nothing").isEqualTo(PollPolicy.Outlook.QUIET);
        assertThat(DeploymentObserver.breakerThreshold(2)).isEqualTo(3);
        assertThat(DeploymentObserver.breakerThreshold(11)).isEqualTo(6);
        assertThat(DeploymentObserver.breakerThreshold(1000)).isEqualTo(200);
    }

    @Test
    void resumingFromSavedState_repeatsNothing() throws Exception {
        event(5, "(service myapp) has started 2 tasks: (task a) (task b).");
        Deployment ours = deployment(OURS, "PRIMARY", "myapp:7", 2, 1, 0, "IN_PROGRESS", null, 1);
        WatchState saved = observe(start(), service("ACTIVE", ours)).state;

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(saved);
        }
        WatchState restored;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (WatchState) in.readObject();
        }
        event(40, "(service myapp) has reached a steady state.");

        DeploymentObserver.Observation resumed = observe(restored, service("ACTIVE", ours));
        assertThat(resumed.lines).extracting(Event::message).containsExactly("(service myapp) has reached a steady state.");
    }
}
