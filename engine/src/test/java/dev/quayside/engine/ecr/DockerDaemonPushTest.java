package dev.quayside.engine.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.PushFixtures;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.docker.DockerDaemonExtension;
import dev.quayside.testing.registry.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The walk-through's own way, for real: an image built by a real Docker daemon ({@code FROM scratch}),
 * pushed as {@code docker-daemon:} through ECR's login in a private DOCKER_CONFIG to the real registry,
 * checked with skopeo; nothing is left in the config's parent or in the user's {@code ~/.docker}.
 */
class DockerDaemonPushTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();
    @RegisterExtension
    static final DockerDaemonExtension docker = new DockerDaemonExtension();

    @TempDir
    Path tmp;

    @Test
    void push_dockerDaemonSource_throughARealDaemon_leavesNoLoginBehind() throws Exception {
        aws.ecr().registry(registry.endpoint(), registry.password());
        docker.buildFromScratch("walkthrough:1.0", 1);
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path configParent = Files.createDirectories(tmp.resolve("agent-tmp"));
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIDDOCKER", "AWS_SECRET_ACCESS_KEY", "docker-secret",
                "PATH", docker.client().getParent() + ":/bin", "HOME", home.toString()));
        env.putAll(docker.environment());
        List<Event> events = new CopyOnWriteArrayList<>();
        try (EcrClient ecr = AwsClients.ecr(AwsSettings.resolve(env, "us-east-1", null, null, Map.of("ecr", aws.endpoint())))) {
            EcrPusher pusher = new EcrPusher(ecr, RegistryPusher.create(events::add, Clock.systemUTC(), d -> { }), env, events::add);

            PushResult result = pusher.push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "docker-daemon:walkthrough:1.0"))
                    .target(ImageReference.parse("repository", "walkthrough")).tags(List.of("1.0", "latest"))
                    .repositoryOptions(RepositoryOptions.builder().createIfMissing(true).build()).dockerConfigParent(configParent).build());

            assertThat(PushFixtures.skopeoDigest(registry, "walkthrough:1.0", tmp)).isEqualTo(result.digest().toString());
            assertThat(PushFixtures.skopeoDigest(registry, "walkthrough:latest", tmp)).isEqualTo(result.digest().toString());
        }
        try (Stream<Path> left = Files.list(configParent)) {
            assertThat(left).as("the private DOCKER_CONFIG is removed").isEmpty();
        }
        assertThat(home.resolve(".docker")).as("nothing in ~/.docker").doesNotExist();
        assertThat(events).extracting(Event::message).noneMatch(m -> m.contains(registry.password()));
        assertThat(docker.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}"))
                .contains(registry.hostPort() + "/walkthrough:1.0", registry.hostPort() + "/walkthrough:latest");
    }

    @Test
    void push_ofAnImageTheDaemonDoesNotHave_isRefusedBeforeTheRepositoryIsCreated() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIDDOCKER", "AWS_SECRET_ACCESS_KEY", "docker-secret",
                "PATH", docker.client().getParent() + ":/bin", "HOME", tmp.toString()));
        env.putAll(docker.environment());
        try (EcrClient ecr = AwsClients.ecr(AwsSettings.resolve(env, "us-east-1", null, null, Map.of("ecr", aws.endpoint())))) {
            EcrPusher pusher = new EcrPusher(ecr, RegistryPusher.create(e -> { }, Clock.systemUTC(), d -> { }), env, e -> { });

            assertThatThrownBy(() -> pusher.push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "docker-daemon:never-built:1.0"))
                    .target(ImageReference.parse("repository", "never-created")).tags(List.of("1.0"))
                    .repositoryOptions(RepositoryOptions.builder().createIfMissing(true).build()).dockerConfigParent(tmp).build()))
                    .isInstanceOf(QuaysideException.class)
                    .hasMessageContaining("source: the Docker daemon has no image never-built:1.0");
            assertThat(ecr.describeRepositories().repositories()).extracting(r -> r.repositoryName()).doesNotContain("never-created");
        }
    }
}
