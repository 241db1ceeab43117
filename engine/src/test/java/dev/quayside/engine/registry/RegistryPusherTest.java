package dev.quayside.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.errors.Secret;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.net.FaultProxy;
import dev.quayside.testing.registry.RegistryExtension;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RegistryPusherTest {
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    @TempDir
    Path tmp;

    private final PushFixtures fx = new PushFixtures();

    private PushRequest.Builder request(ImageSourceSpec source, String repository, String... tags) {
        return PushRequest.builder().image(ImageSources.open(source)).registry(registry.hostPort()).repository(repository).tags(List.of(tags));
    }

    @Test
    void push_ociLayout_registryServesTheSourceDigest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(1).layerSizes(300_000, 1_000_000, 20_000).tag("1.0").writeOciLayout(tmp.resolve("oci"));

        PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path() + ":1.0"), "oci/app", "1.0", "latest").build(),
                PushFixtures.login(registry));

        assertThat(result.digest().toString()).isEqualTo(image.digest());
        assertThat(result.tags()).containsExactly("1.0", "latest");
        assertThat(result.blobsUploaded()).isEqualTo(4);
        assertThat(PushFixtures.skopeoDigest(registry, "oci/app:1.0", tmp)).isEqualTo(image.digest());
        assertThat(PushFixtures.skopeoDigest(registry, "oci/app:latest", tmp)).isEqualTo(image.digest());
        assertThat(fx.count("blob.uploaded")).isEqualTo(4);
    }

    @Test
    void push_ociArchive_registryServesTheSourceDigest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(2).layerSizes(50_000, 70_000).tag("2.0").writeOciArchive(tmp.resolve("image.tar"));

        PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci-archive:" + image.path()), "archive/app", "2.0").build(),
                PushFixtures.login(registry));

        assertThat(result.digest().toString()).isEqualTo(image.digest());
        assertThat(PushFixtures.skopeoDigest(registry, "archive/app:2.0", tmp)).isEqualTo(image.digest());
    }

    @Test
    void push_dockerArchive_registryServesTheDigestWeComputed() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(3).layerSizes(40_000, 10_000).tag("3.0").writeDockerArchive(tmp.resolve("docker.tar"));

        PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "docker-archive:" + image.path()), "docker/app", "3.0").build(),
                PushFixtures.login(registry));

        assertThat(PushFixtures.skopeoDigest(registry, "docker/app:3.0", tmp)).isEqualTo(result.digest().toString());
        assertThat(result.blobsUploaded()).isEqualTo(3);
    }

    @Test
    void push_multiPlatformIndex_pushesEveryChildAndKeepsTheIndexDigest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(4).layerSizes(30_000, 20_000).platforms("linux/amd64", "linux/arm64")
                .tag("multi").writeOciLayout(tmp.resolve("multi"));

        PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "multi/app", "1").build(),
                PushFixtures.login(registry));

        assertThat(result.digest().toString()).isEqualTo(image.digest());
        assertThat(result.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(PushFixtures.skopeoDigest(registry, "multi/app:1", tmp)).isEqualTo(image.digest());
        assertThat(fx.count("manifest.pushed")).isEqualTo(3);
        LoadedImage loaded = ImageSources.open(ImageSourceSpec.parse("source", "oci:" + image.path()));
        for (LoadedImage.Manifest child : loaded.children()) {
            assertThat(registry.manifestDigest("multi/app", child.descriptor().digest().toString())).contains(child.descriptor().digest().toString());
        }
    }

    @Test
    void push_skipsBlobsTheRegistryHas() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(5).layerSizes(100_000, 100_000).writeOciLayout(tmp.resolve("again"));
        ImageSourceSpec source = ImageSourceSpec.parse("source", "oci:" + image.path());
        RegistryPusher pusher = fx.pusher();
        pusher.push(request(source, "again/app", "1").build(), PushFixtures.login(registry));

        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            PushResult again = pusher.push(request(source, "again/app", "1").endpoint(proxy.endpoint()).build(), PushFixtures.login(registry));

            assertThat(again.blobsUploaded()).isZero();
            assertThat(again.blobsExisting()).isEqualTo(3);
            assertThat(proxy.requestLines()).noneMatch(l -> l.startsWith("PATCH") || l.startsWith("POST"));
        }
    }

    @Test
    void push_mountsBlobsFromAnotherRepositoryOfTheRegistry() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(6).layerSizes(80_000).writeOciLayout(tmp.resolve("mount"));
        ImageSourceSpec source = ImageSourceSpec.parse("source", "oci:" + image.path());
        fx.pusher().push(request(source, "base/app", "1").build(), PushFixtures.login(registry));

        PushResult mounted = new PushFixtures().pusher().push(request(source, "other/app", "1").mountFrom(List.of("base/app")).build(), PushFixtures.login(registry));

        assertThat(mounted.blobsMounted()).isEqualTo(2);
        assertThat(mounted.blobsUploaded()).isZero();
        assertThat(registry.manifestDigest("other/app", "1")).contains(image.digest());
    }

    @Test
    void push_recoversFromAConnectionResetInTheMiddleOfALayer() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(7).layerSizes(2_000_000).writeOciLayout(tmp.resolve("reset"));
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            proxy.resetAfterBodyBytes(700_000, 1, line -> line.startsWith("PATCH"));

            PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "reset/app", "1")
                    .endpoint(proxy.endpoint()).build(), PushFixtures.login(registry));

            assertThat(proxy.firedFaults()).isEqualTo(1);
            assertThat(result.digest().toString()).isEqualTo(image.digest());
            assertThat(fx.count("push.retry")).isEqualTo(1);
            assertThat(fx.sleeps).hasSize(1);
            assertThat(proxy.requestLines().stream().filter(l -> l.startsWith("POST")).count()).as("a fresh upload session").isGreaterThanOrEqualTo(3);
            assertThat(PushFixtures.skopeoDigest(registry, "reset/app:1", tmp)).isEqualTo(image.digest());
        }
    }

    @Test
    void push_waitsAsLongAsA429sRetryAfterAsks_withinABound() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(9).layerSizes(10_000).writeOciLayout(tmp.resolve("429"));
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            proxy.failRequests(429, Map.of("Retry-After", "7"), 1, line -> line.startsWith("HEAD") && line.contains("/blobs/"));
            proxy.failRequests(429, Map.of("Retry-After", "86400"), 1, line -> line.startsWith("PUT") && line.contains("/manifests/"));
            // An HTTP date counts from the answer's own Date, not from our clock.
            proxy.failRequests(429, Map.of("Date", "Tue, 01 Dec 2026 10:00:00 GMT", "Retry-After", "Tue, 01 Dec 2026 10:00:12 GMT"), 1,
                    line -> line.startsWith("PUT") && line.contains("/manifests/"));

            PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "throttled/app", "1")
                    .parallelism(1).endpoint(proxy.endpoint()).build(), PushFixtures.login(registry));

            assertThat(result.digest().toString()).isEqualTo(image.digest());
            assertThat(fx.sleeps).containsExactly(Duration.ofSeconds(7), RegistryPusher.MAX_RETRY_AFTER, Duration.ofSeconds(12));
        }
    }

    @Test
    void push_retriesServerErrorsWithBackoff() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(8).layerSizes(10_000).writeOciLayout(tmp.resolve("503"));
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            proxy.failRequests(503, 2, line -> line.startsWith("PUT") && line.contains("/blobs/uploads/"));

            PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "flaky/app", "1")
                    .parallelism(1).endpoint(proxy.endpoint()).build(), PushFixtures.login(registry));

            assertThat(result.digest().toString()).isEqualTo(image.digest());
            assertThat(fx.sleeps).hasSize(2);
            assertThat(fx.sleeps.get(1)).isGreaterThanOrEqualTo(fx.sleeps.get(0).dividedBy(2));
        }
    }

    @Test
    void push_givesUpAfterTheLastAttemptAndSaysWhatFailed() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(9).layerSizes(10_000).writeOciLayout(tmp.resolve("dead"));
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            proxy.failRequests(500, 100, line -> line.startsWith("POST"));

            assertThatThrownBy(() -> fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "dead/app", "1")
                    .parallelism(1).endpoint(proxy.endpoint()).build(), PushFixtures.login(registry)))
                    .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.REMOTE))
                    .hasMessageContaining("Tried to push blob").hasMessageContaining("answered 500").hasMessageContaining("4 attempts");
            assertThat(registry.tags("dead/app")).isEmpty();
        }
    }

    @Test
    void push_corruptBlob_failsBeforeTheManifestNamingTheBlob() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(10).layerSizes(50_000, 60_000).writeOciLayout(tmp.resolve("corrupt"));
        String bad = image.layerDigests().get(1);
        ImageFixture.corruptBlob(image.path(), bad);

        assertThatThrownBy(() -> fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "corrupt/app", "1").build(),
                PushFixtures.login(registry)))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining(bad).hasMessageContaining("does not match its digest");
        assertThat(registry.tags("corrupt/app")).isEmpty();
        assertThat(fx.count("manifest.pushed")).isZero();
    }

    @Test
    void push_ofALayerCutShortAfterTheImageWasOpened_failsNamingTheFile_andPushesNoManifest() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(11).layerSizes(50_000, 3_000_000).writeOciLayout(tmp.resolve("cut"));
        PushRequest request = request(ImageSourceSpec.parse("source", "oci:" + image.path()), "cut/app", "1").build();
        Path layer = image.path().resolve("blobs/sha256/" + image.layerDigests().get(1).substring("sha256:".length()));
        try (FileChannel channel = FileChannel.open(layer, StandardOpenOption.WRITE)) {
            channel.truncate(1_000_000);
        }

        assertThatThrownBy(() -> fx.pusher().push(request, PushFixtures.login(registry)))
                .isInstanceOf(QuaysideException.class).hasMessageContaining(layer.toString()).hasMessageContaining("unexpected end");
        assertThat(registry.tags("cut/app")).isEmpty();
        assertThat(fx.count("manifest.pushed")).isZero();
    }

    @Test
    void push_wrongPassword_namesRegistryAndUserButNotThePassword() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(11).layerSizes(1_000).writeOciLayout(tmp.resolve("auth"));

        assertThatThrownBy(() -> fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "auth/app", "1").build(),
                RegistryCredentials.of("AWS", Secret.of("wrong-password-123"))))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.REMOTE))
                .hasMessageContaining(registry.hostPort()).hasMessageContaining("user 'AWS'").hasMessageContaining("401")
                .hasMessageNotContaining("wrong-password-123");
        assertThat(fx.count("blob.uploaded")).isZero();
    }

    @Test
    void push_refreshesTheLoginOnceWhenTheRegistryRefusesIt() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(12).layerSizes(1_000).writeOciLayout(tmp.resolve("refresh"));
        AtomicInteger refreshes = new AtomicInteger();
        RegistryCredentials stale = new RegistryCredentials() {
            @Override
            public Optional<Login> current() {
                return Optional.of(new Login("AWS", Secret.of("expired-token")));
            }

            @Override
            public Optional<Login> refresh() {
                refreshes.incrementAndGet();
                return Optional.of(new Login("AWS", Secret.of(registry.password())));
            }
        };

        PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "refresh/app", "1").build(), stale);

        assertThat(refreshes).hasValue(1);
        assertThat(result.digest().toString()).isEqualTo(image.digest());
    }

    @Test
    void push_refreshesTheLoginWhenA401ArrivesMidPush() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(13).layerSizes(1_000).writeOciLayout(tmp.resolve("mid401"));
        AtomicInteger refreshes = new AtomicInteger();
        RegistryCredentials creds = new RegistryCredentials() {
            @Override
            public Optional<Login> current() {
                return Optional.of(new Login("AWS", Secret.of(registry.password())));
            }

            @Override
            public Optional<Login> refresh() {
                refreshes.incrementAndGet();
                return current();
            }
        };
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", registry.endpoint().getPort())) {
            proxy.failRequests(401, 1, line -> line.startsWith("PUT") && line.contains("/manifests/"));

            PushResult result = fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "mid/app", "1")
                    .endpoint(proxy.endpoint()).build(), creds);

            assertThat(refreshes).hasValue(1);
            assertThat(registry.manifestDigest("mid/app", "1")).contains(result.digest().toString());
        }
    }

    @Test
    void push_unreachableRegistry_failsWithTheEndpoint() throws Exception {
        ImageFixture.Written image = ImageFixture.builder().seed(14).layerSizes(1_000).writeOciLayout(tmp.resolve("down"));
        URI nowhere = URI.create("http://127.0.0.1:9");

        assertThatThrownBy(() -> fx.pusher().push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "down/app", "1")
                .endpoint(nowhere).build(), PushFixtures.login(registry)))
                .isInstanceOfSatisfying(QuaysideException.class, e -> assertThat(e.failure()).isEqualTo(Failure.REMOTE))
                .hasMessageContaining("Tried to reach " + registry.hostPort()).hasMessageContaining("127.0.0.1:9");
    }

    @Test
    void close_stopsTheHttpClientsSelectorThread() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "HttpClient.shutdownNow is Java 21+");
        ImageFixture.Written image = ImageFixture.builder().seed(15).layerSizes(1_000).writeOciLayout(tmp.resolve("close"));
        Set<Thread> before = selectorThreads();
        RegistryPusher pusher = fx.pusher();
        pusher.push(request(ImageSourceSpec.parse("source", "oci:" + image.path()), "close/app", "1").build(), PushFixtures.login(registry));
        Set<Thread> ours = selectorThreads();
        ours.removeAll(before);
        assertThat(ours).as("the pusher's client runs a selector thread").hasSize(1);

        pusher.close();

        Thread selector = ours.iterator().next();
        selector.join(Duration.ofSeconds(10).toMillis());
        assertThat(selector.isAlive()).as("a selector thread left waiting in native code delays JVM exit").isFalse();
    }

    private static Set<Thread> selectorThreads() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> !(t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")));
        return threads;
    }
}
