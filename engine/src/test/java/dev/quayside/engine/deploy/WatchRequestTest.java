package dev.quayside.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A deployment id is ecs-svc/ and digits, as ECS gives it; anything else is refused before any call. */
class WatchRequestTest {
    @Test
    void aMalformedDeploymentId_isRefused() {
        for (String id : new String[] {"ecs-svc/abc", "ecs-svc/", "ecs-svc/123 ", "123"}) {
            assertThatThrownBy(() -> WatchRequest.builder().cluster("prod").service("app").deploymentId(id).timeout(Duration.ofMinutes(5)).build())
                    .as(id).hasMessageStartingWith("deploymentId: '" + id + "' is not an ECS deployment id");
        }
        assertThat(WatchRequest.builder().cluster("prod").service("app").deploymentId("ecs-svc/1234567890123456789").timeout(Duration.ofMinutes(5))
                .build().deploymentId()).isEqualTo("ecs-svc/1234567890123456789");
    }
}
