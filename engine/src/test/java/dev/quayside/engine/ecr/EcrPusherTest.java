package dev.quayside.engine.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.EcrRepository;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

class EcrPusherTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    Path tmp;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private EcrClient ecr;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        aws.ecr().registry(registry.endpoint(), registry.password());
        aws.clearJournal();
        env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "test-secret", "PATH", "/usr/bin:/bin"));
        ecr = AwsClients.ecr(AwsSettings.resolve(env, "us-east-1", null, null, Map.of("ecr", aws.endpoint())));
    }

    private EcrPusher pusher() {
        return new EcrPusher(ecr, RegistryPusher.create(events::add, Clock.systemUTC(), d -> { }), env, events::add);
    }

    private ImageFixture.Written image(long seed, String dir) {
        return ImageFixture.builder().seed(seed).layerSizes(20_000, 30_000).writeOciLayout(tmp.resolve(dir));
    }

    private Path lifecyclePolicy() throws Exception {
        Path file = tmp.resolve("lifecycle-policy.json");
        try (InputStream in = AwsSimulatorExtension.class.getResourceAsStream("lifecycle-policy.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void push_createsTheRepositoryWithItsOptionsAndAppliesTheLifecyclePolicy() throws Exception {
        ImageFixture.Written image = image(1, "create");
        RepositoryOptions options = RepositoryOptions.builder().createIfMissing(true).scanOnPush(true).encryption("AES256")
                .tagMutability("MUTABLE").lifecyclePolicy(lifecyclePolicy()).build();

        PushResult result = pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + image.path()))
                .target(ImageReference.parse("repository", "myapp")).tags(List.of("1.0", "latest")).repositoryOptions(options).build());

        EcrRepository repo = aws.ecr().repository("myapp").orElseThrow();
        assertThat(repo.scanOnPush()).isTrue();
        assertThat(repo.encryption().type()).isEqualTo("AES256");
        assertThat(repo.lifecyclePolicyText()).hasValueSatisfying(t -> assertThat(t).contains("imageCountMoreThan"));
        assertThat(result.imageUri()).isEqualTo(registry.hostPort() + "/myapp:1.0");
        assertThat(result.digest().toString()).isEqualTo(image.digest());
        assertThat(registry.manifestDigest("myapp", "latest")).contains(image.digest());
        assertThat(aws.requests("GetAuthorizationToken").get(0).accessKeyId()).isEqualTo("AKIDTEST");
    }

    @Test
    void push_toAMissingRepositoryWithoutCreate_isRefusedBeforeAnyUpload() {
        ImageFixture.Written image = image(2, "missing");

        assertThatThrownBy(() -> pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + image.path()))
                .target(ImageReference.parse("repository", "does-not-exist:1.0")).build()))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.REJECTED))
                .hasMessageContaining("does-not-exist").hasMessageContaining("does not exist").hasMessageContaining("--create-repository");
        assertThat(events).noneMatch(e -> e.type().startsWith("blob."));
    }

    @Test
    void push_existingTagOfAnImmutableRepository_isRefusedBeforeAnyUpload() {
        RepositoryOptions immutable = RepositoryOptions.builder().createIfMissing(true).tagMutability("IMMUTABLE").build();
        ImageFixture.Written first = image(3, "first");
        pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + first.path()))
                .target(ImageReference.parse("repository", "frozen:1.0")).repositoryOptions(immutable).build());
        events.clear();
        ImageFixture.Written second = image(4, "second");

        assertThatThrownBy(() -> pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + second.path()))
                .target(ImageReference.parse("repository", "frozen:1.0")).repositoryOptions(immutable).build()))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.REJECTED))
                .hasMessageContaining("tag 1.0 already exists").hasMessageContaining("IMMUTABLE").hasMessageContaining("Push a new tag");
        assertThat(events).noneMatch(e -> e.type().startsWith("blob."));
        assertThat(registry.manifestDigest("frozen", "1.0")).contains(first.digest());
    }

    @Test
    void push_sameImageAgainToAnImmutableTag_hasNothingToDo() {
        RepositoryOptions immutable = RepositoryOptions.builder().createIfMissing(true).tagMutability("IMMUTABLE").build();
        ImageFixture.Written image = image(5, "same");
        EcrPushRequest request = EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + image.path()))
                .target(ImageReference.parse("repository", "frozen-same:1.0")).repositoryOptions(immutable).build();
        pusher().push(request);

        PushResult again = pusher().push(request);

        assertThat(again.digest().toString()).isEqualTo(image.digest());
        assertThat(again.blobsUploaded()).isZero();
    }

    @Test
    void request_refusesNonEcrHostAndBadRegistryIdBeforeAnyCall() {
        assertThatThrownBy(() -> EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:x"))
                .target(ImageReference.parse("repository", "docker.io/library/app:1")).build())
                .hasMessageStartingWith("repository: ").hasMessageContaining("not an ECR registry host");
        assertThatThrownBy(() -> EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:x"))
                .target(ImageReference.parse("repository", "app:1")).registryId("12345").build())
                .hasMessageStartingWith("registryIds[0]: ");
        assertThatThrownBy(() -> EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:x"))
                .target(ImageReference.parse("repository", "app")).build())
                .hasMessageStartingWith("tags: ");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void push_missingSource_isRefusedBeforeAnyAwsCall() {
        assertThatThrownBy(() -> pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + tmp.resolve("nothing")))
                .target(ImageReference.parse("repository", "myapp:1.0")).build()))
                .hasMessageStartingWith("source: ");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void authorize_crossAccountRegistries_givesOneLoginEach() {
        List<EcrLogin> logins = new EcrAuthorizer(ecr).authorize(List.of("111111111111", "222222222222"));

        assertThat(logins).extracting(EcrLogin::registryId).containsExactly("111111111111", "222222222222");
        assertThat(logins.get(0).password().reveal()).isEqualTo(registry.password());
        assertThat(aws.requests("GetAuthorizationToken").get(0).body().path("registryIds")).hasSize(2);
    }

    @Test
    void writeDockerConfig_givesALoginThatSkopeoUses() throws Exception {
        ImageFixture.Written image = image(6, "skopeo");
        pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + image.path()))
                .target(ImageReference.parse("repository", "login-check:1")).repositoryOptions(RepositoryOptions.builder().createIfMissing(true).build()).build());

        try (DockerConfigDir config = new EcrAuthorizer(ecr).writeDockerConfig(List.of(), null)) {
            Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", "--authfile", config.configFile().toString(),
                    "docker://" + registry.hostPort() + "/login-check:1").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(config.registries()).containsExactly(registry.hostPort());
        }
    }

    @Test
    void push_dockerDaemonSource_usesDockerWithAPrivateConfigAndNoPasswordOnTheCommandLine() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path record = tmp.resolve("docker-calls.txt");
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n"
                + "echo \"ARGS $*\" >> '" + record + "'\n"
                + "echo \"DOCKER_CONFIG $DOCKER_CONFIG\" >> '" + record + "'\n"
                + "if [ -f \"$DOCKER_CONFIG/config.json\" ]; then echo \"CONFIG present\" >> '" + record + "'; fi\n"
                + "if [ \"$1\" = push ]; then echo \"1.0: digest: sha256:" + "b".repeat(64) + " size: 528\"; fi\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        new EcrRepositories(ecr, events::add).ensure("daemon", null, RepositoryOptions.builder().createIfMissing(true).build());

        PushResult result = pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "docker-daemon:myapp:1.0"))
                .target(ImageReference.parse("repository", "daemon")).tags(List.of("1.0")).dockerConfigParent(tmp).build());

        List<String> calls = Files.readAllLines(record);
        assertThat(calls).as("the tag, which is also the check that the daemon has the image, then the push; one docker process each")
                .filteredOn(l -> l.startsWith("ARGS ")).containsExactly("ARGS tag myapp:1.0 " + registry.hostPort() + "/daemon:1.0", "ARGS push " + registry.hostPort() + "/daemon:1.0");
        assertThat(calls).contains("CONFIG present");
        assertThat(String.join("\n", calls)).doesNotContain(registry.password());
        String configDir = calls.stream().filter(l -> l.startsWith("DOCKER_CONFIG /")).findFirst().orElseThrow().substring(14);
        assertThat(configDir).startsWith(tmp.toString());
        assertThat(Path.of(configDir)).doesNotExist();
        assertThat(result.digest().toString()).isEqualTo("sha256:" + "b".repeat(64));
    }

    @Test
    void push_dockerDaemonSource_thatTheDaemonLacks_isRefusedWithDockersWordsBeforeTheRepositoryIsCreated() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho 'Error response from daemon: No such image: gone:1.0'\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + ":/usr/bin:/bin");

        assertThatThrownBy(() -> pusher().push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "docker-daemon:gone:1.0"))
                .target(ImageReference.parse("repository", "never-made")).tags(List.of("1.0"))
                .repositoryOptions(RepositoryOptions.builder().createIfMissing(true).build()).dockerConfigParent(tmp).build()))
                .hasMessageContaining("source: the Docker daemon has no image gone:1.0 (docker tag exited with 1: Error response from daemon: "
                        + "No such image: gone:1.0); build or pull it first");
        assertThat(aws.ecr().repository("never-made")).isEmpty();
        assertThat(aws.requests("CreateRepository")).isEmpty();
        try (var left = Files.list(tmp)) {
            assertThat(left).as("the private config is removed").noneMatch(p -> p.getFileName().toString().startsWith("quayside-docker-"));
        }
    }

    @Test
    void aLifecyclePolicyThatEcrRefuses_onANewRepository_saysTheRepositoryIsKept() throws Exception {
        // Well formed (our checks pass) but refused by ECR: a tagged rule without a tag prefix.
        Path policy = Files.writeString(tmp.resolve("refused-policy.json"), "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"tagged\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":10},\"action\":{\"type\":\"expire\"}}]}");
        RepositoryOptions options = RepositoryOptions.builder().createIfMissing(true).lifecyclePolicy(policy).build();

        assertThatThrownBy(() -> new EcrRepositories(ecr, events::add).ensure("half-done", null, options))
                .hasMessageContaining("AWS answered InvalidParameterException")
                .hasMessageContaining("The repository half-done was created just now and is kept, without a lifecycle policy; nothing was pushed.");
        assertThat(aws.ecr().repository("half-done")).isPresent();
    }
}
