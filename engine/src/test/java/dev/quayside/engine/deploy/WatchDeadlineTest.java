package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A watch's timeout is a deadline: when AWS hangs on a poll, the watch still ends a moment after its
 * timeout (TIMED_OUT, saying AWS had not answered), not when the call finally gives up. Real time here:
 * the point is a call that does not come back.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WatchDeadlineTest {
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder());

    @Test
    void aHungPoll_doesNotOutlastTheTimeout() {
        aws.simulator().bootstrapService("us-east-1", "prod", "myapp");
        aws.hangNext("DescribeServices", Duration.ofSeconds(25));
        List<Event> lines = new CopyOnWriteArrayList<>();
        try (EcsClient ecs = AwsClients.ecs(AwsSettings.resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIDDEADLINE", "AWS_SECRET_ACCESS_KEY", "s"),
                "us-east-1", null, null, Map.of("ecs", aws.endpoint())))) {
            DeploymentWatcher watcher = new DeploymentWatcher(ecs, Scheduler.threads(2), Clock.systemUTC(), "us-east-1");
            long started = System.nanoTime();

            DeploymentResult result = watcher.watch(WatchRequest.builder().cluster("prod").service("myapp").timeout(Duration.ofSeconds(2)).build(),
                    lines::add, s -> { }).await();

            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertThat(result.verdict()).isEqualTo(DeploymentResult.Verdict.TIMED_OUT);
            assertThat(result.reason()).contains("did not finish within 2 s").contains("AWS had not answered the last poll");
            assertThat(seconds).as("seconds to the verdict").isLessThanOrEqualTo(2 + WatchLoop.DEADLINE_GRACE.toSeconds() + 2);
            assertThat(lines).extracting(Event::message).anyMatch(m -> m.startsWith("TIMED_OUT: "));
        }
    }
}
