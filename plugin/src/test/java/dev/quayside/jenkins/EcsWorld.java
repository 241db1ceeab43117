package dev.quayside.jenkins;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * A cluster and a service in the ECS simulator, set up through the real ECS API, and a simulated clock
 * that tests move forward so that rollouts progress (the simulator's deployments follow its clock).
 */
final class EcsWorld implements AutoCloseable {
    private final EcsClient ecs;
    private final MutableClock clock;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private Thread ticker;

    EcsWorld(AwsSimulatorExtension aws, MutableClock clock) {
        this.clock = clock;
        this.ecs = AwsClients.ecs(AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDSETUP", "AWS_SECRET_ACCESS_KEY", "setup-secret"),
                Fixtures.REGION, null, null, Map.of("ecs", aws.endpoint())));
    }

    /**
     * Cluster {@code prod}, task definition {@code myapp:1} and {@code myapp:2}, service {@code myapp} on revision 1. The
     * images are outside ECR, so a deploy's pre-flight does not check them (tests of the pre-flight name ECR images).
     */
    EcsWorld serviceOnRevision1() {
        ecs.createCluster(b -> b.clusterName("prod"));
        for (String tag : new String[] {"1.0", "2.0"}) {
            ecs.registerTaskDefinition(b -> b.family("myapp").networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                    .containerDefinitions(ContainerDefinition.builder().name("app").image("registry.example.com/myapp:" + tag)
                            .essential(true).build()));
        }
        return addService("myapp", 2, false);
    }

    /** A Fargate service {@code name} in {@code prod} on {@code myapp:1}; with the circuit breaker on (and rollback) or not set. */
    EcsWorld addService(String name, int desiredCount, boolean circuitBreaker) {
        ecs.createService(b -> {
            b.cluster("prod").serviceName(name).taskDefinition("myapp:1").desiredCount(desiredCount).launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-12345678")));
            if (circuitBreaker) {
                b.deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true)));
            }
        });
        return this;
    }

    /** Moves the simulator's clock 20 s every 100 ms until stopped: a rollout takes seconds of wall time. */
    void startTicking() {
        startTicking(Duration.ofSeconds(20));
    }

    /** Moves the simulator's clock {@code step} every 100 ms until stopped. */
    void startTicking(Duration step) {
        if (ticking.compareAndSet(false, true)) {
            ticker = new Thread(() -> {
                while (ticking.get()) {
                    clock.advance(step);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ecs-world-clock");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    void stopTicking() {
        ticking.set(false);
        if (ticker != null) {
            ticker.interrupt();
        }
    }

    EcsClient ecs() {
        return ecs;
    }

    /** The messages of the service's events from the creation of {@code deploymentId} on, oldest first. */
    List<String> eventsSince(String deploymentId) {
        Service s = ecs.describeServices(b -> b.cluster("prod").services("myapp")).services().get(0);
        Instant since = s.deployments().stream().filter(d -> d.id().equals(deploymentId)).findFirst().orElseThrow().createdAt();
        List<String> out = new ArrayList<>();
        s.events().stream().filter(e -> !e.createdAt().isBefore(since)).forEach(e -> out.add(0, e.message()));
        return out;
    }

    @Override
    public void close() {
        stopTicking();
        ecs.close();
    }
}
