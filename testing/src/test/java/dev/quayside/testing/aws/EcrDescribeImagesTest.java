package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.FakeRegistry.DOCKER_MANIFEST;
import static dev.quayside.testing.aws.FakeRegistry.OCI_INDEX;
import static dev.quayside.testing.aws.FakeRegistry.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EcrDescribeImagesTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

    private AwsSimulator sim;
    private FakeRegistry registry;

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
        registry = FakeRegistry.start("pw", 2);
        sim.ecr().registry(registry.endpoint(), "pw");
        Wire.ecr(sim.endpoint(), "CreateRepository", "{\"repositoryName\":\"team/app\"}");
    }

    @AfterEach
    void stop() {
        sim.close();
        registry.close();
    }

    private Wire.Response describe(String body) {
        return Wire.ecr(sim.endpoint(), "DescribeImages", body);
    }

    private JsonNode details(String body) {
        Wire.Response response = describe(body);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().get("imageDetails");
    }

    @Test
    void describeImages_groupsTheRegistrysTagsByDigest() {
        String app = FakeRegistry.imageManifest(DOCKER_MANIFEST, DOCKER_CONFIG, 100, 20, 3);
        String digest = registry.put("team/app", "1.0", DOCKER_MANIFEST, app);
        registry.put("team/app", "latest", DOCKER_MANIFEST, app);
        String other = registry.put("team/app", "0.9", OCI_MANIFEST,
                FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 7));

        Wire.Response response = describe("{\"repositoryName\":\"team/app\"}");

        assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.text()).isEqualTo("{\"imageDetails\":["
                + "{\"registryId\":\"123456789012\",\"repositoryName\":\"team/app\",\"imageDigest\":\"" + other + "\","
                + "\"imageTags\":[\"0.9\"],\"imageSizeInBytes\":7,\"imagePushedAt\":1735689600,"
                + "\"imageManifestMediaType\":\"" + OCI_MANIFEST + "\",\"artifactMediaType\":\"" + OCI_CONFIG + "\"},"
                + "{\"registryId\":\"123456789012\",\"repositoryName\":\"team/app\",\"imageDigest\":\"" + digest + "\","
                + "\"imageTags\":[\"1.0\",\"latest\"],\"imageSizeInBytes\":123,\"imagePushedAt\":1735689600,"
                + "\"imageManifestMediaType\":\"" + DOCKER_MANIFEST + "\",\"artifactMediaType\":\"" + DOCKER_CONFIG
                + "\"}]}");
    }

    @Test
    void describeImages_authenticatesAsAwsAndFollowsTagPages() {
        String manifest = FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 1);
        for (String tag : List.of("a", "b", "c", "d", "e")) {
            registry.put("team/app", tag, OCI_MANIFEST, manifest);
        }

        JsonNode details = details("{\"repositoryName\":\"team/app\"}");

        assertThat(details).hasSize(1);
        assertThat(details.get(0).get("imageTags")).extracting(JsonNode::asText)
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(registry.requests()).filteredOn(r -> r.contains("tags/list")).hasSize(3);
    }

    @Test
    void describeImages_sizesAnIndexByItsLargestManifest() {
        String small = registry.put("team/app", null, OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 10));
        String large = registry.put("team/app", null, OCI_MANIFEST,
                FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 40, 60));
        registry.put("team/app", "multi", OCI_INDEX, FakeRegistry.index(small, large));

        JsonNode detail = details("{\"repositoryName\":\"team/app\"}").get(0);

        assertThat(detail.get("imageSizeInBytes").asLong()).isEqualTo(100);
        assertThat(detail.get("imageManifestMediaType").asText()).isEqualTo(OCI_INDEX);
        assertThat(detail.has("artifactMediaType")).isFalse();
    }

    @Test
    void describeImages_findsImagesByTagOrDigestWithoutRepeats() {
        String manifest = FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5);
        String digest = registry.put("team/app", "1.0", OCI_MANIFEST, manifest);
        registry.put("team/app", "latest", OCI_MANIFEST, manifest);
        registry.put("team/app", "0.9", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 6));

        JsonNode details = details("{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageTag\":\"latest\"},"
                + "{\"imageDigest\":\"" + digest + "\"},{\"imageTag\":\"1.0\",\"imageDigest\":\"" + digest + "\"}]}");

        assertThat(details).hasSize(1);
        assertThat(details.get(0).get("imageDigest").asText()).isEqualTo(digest);
        assertThat(details.get(0).get("imageTags")).extracting(JsonNode::asText).containsExactly("1.0", "latest");
    }

    @Test
    void describeImages_findsUntaggedImagesByDigest() {
        registry.put("team/app", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));
        String untagged = registry.put("team/app", null, OCI_MANIFEST,
                FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 8));

        JsonNode detail = details("{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageDigest\":\"" + untagged + "\"}]}")
                .get(0);

        assertThat(detail.get("imageDigest").asText()).isEqualTo(untagged);
        assertThat(detail.has("imageTags")).isFalse();
        assertThat(detail.get("imageSizeInBytes").asLong()).isEqualTo(8);
    }

    @Test
    void describeImages_refusesImageIdsThatDoNotExist() {
        String digest = registry.put("team/app", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));
        String missing = "sha256:" + "0".repeat(64);

        assertNotFound("{\"imageTag\":\"1.1\"}", "{imageDigest:'null', imageTag:'1.1'}");
        assertNotFound("{\"imageDigest\":\"" + missing + "\"}", "{imageDigest:'" + missing + "', imageTag:'null'}");
        assertNotFound("{\"imageDigest\":\"" + digest + "\",\"imageTag\":\"2.0\"}",
                "{imageDigest:'" + digest + "', imageTag:'2.0'}");
    }

    private void assertNotFound(String imageId, String described) {
        Wire.Response response = describe("{\"repositoryName\":\"team/app\",\"imageIds\":[" + imageId + "]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("ImageNotFoundException");
        assertThat(response.json().get("message").asText()).isEqualTo("The image with imageId " + described
                + " does not exist within the repository with name 'team/app' in the registry with id '123456789012'");
    }

    @Test
    void describeImages_refusesMalformedImageIds() {
        assertThat(describe("{\"repositoryName\":\"team/app\",\"imageIds\":[{}]}").header("x-amzn-ErrorType"))
                .isEqualTo("InvalidParameterException");
        assertThat(describe("{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageDigest\":\"latest\"}]}")
                .header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
        assertThat(describe("{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageTag\":\"a\"}],\"maxResults\":1}")
                .header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
    }

    @Test
    void describeImages_filtersByTagStatus() {
        registry.put("team/app", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));

        assertThat(details("{\"repositoryName\":\"team/app\",\"filter\":{\"tagStatus\":\"TAGGED\"}}")).hasSize(1);
        assertThat(details("{\"repositoryName\":\"team/app\",\"filter\":{\"tagStatus\":\"ANY\"}}")).hasSize(1);
        assertThat(details("{\"repositoryName\":\"team/app\",\"filter\":{\"tagStatus\":\"UNTAGGED\"}}")).isEmpty();
        assertThat(describe("{\"repositoryName\":\"team/app\",\"filter\":{\"tagStatus\":\"tagged\"}}")
                .header("x-amzn-ErrorType")).isEqualTo("InvalidParameterException");
    }

    @Test
    void describeImages_pagesWithMaxResults() {
        for (int i = 0; i < 3; i++) {
            registry.put("team/app", "v" + i, OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, i + 1));
        }
        List<String> tags = new ArrayList<>();
        String body = "{\"repositoryName\":\"team/app\",\"maxResults\":2}";
        while (body != null) {
            JsonNode page = describe(body).json();
            page.get("imageDetails").forEach(d -> tags.add(d.get("imageTags").get(0).asText()));
            body = page.has("nextToken") ? "{\"repositoryName\":\"team/app\",\"maxResults\":2,\"nextToken\":\""
                    + page.get("nextToken").asText() + "\"}" : null;
        }
        assertThat(tags).containsExactly("v0", "v1", "v2");
    }

    /** A clock tests move by hand. */
    private static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void describeImages_reportsTheFirstTimeAnImageWasSeenAsPushTime() {
        SettableClock clock = new SettableClock(NOW);
        try (AwsSimulator timed = AwsSimulator.builder().clock(clock).start()) {
            timed.ecr().registry(registry.endpoint(), "pw");
            Wire.ecr(timed.endpoint(), "CreateRepository", "{\"repositoryName\":\"timed\"}");
            String first = registry.put("timed", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));
            Wire.ecr(timed.endpoint(), "DescribeImages", "{\"repositoryName\":\"timed\"}");
            clock.set(NOW.plusSeconds(60));
            String second = registry.put("timed", "2.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 6));

            JsonNode details = Wire.ecr(timed.endpoint(), "DescribeImages", "{\"repositoryName\":\"timed\"}").json()
                    .get("imageDetails");

            assertThat(details).extracting(d -> d.get("imageDigest").asText()).containsExactly(first, second);
            assertThat(details).extracting(d -> d.get("imagePushedAt").asLong())
                    .containsExactly(NOW.getEpochSecond(), NOW.getEpochSecond() + 60);
        }
    }

    @Test
    void describeImages_isEmptyForARepositoryTheRegistryDoesNotHave() {
        assertThat(describe("{\"repositoryName\":\"team/app\"}").text()).isEqualTo("{\"imageDetails\":[]}");
    }

    @Test
    void describeImages_refusesRepositoriesUnknownToEcr() {
        registry.put("other", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));

        Wire.Response response = describe("{\"repositoryName\":\"other\"}");

        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("RepositoryNotFoundException");
        assertThat(response.json().get("message").asText())
                .isEqualTo("The repository with name 'other' does not exist in the registry with id '123456789012'");
    }

    @Test
    void describeImages_reportsRegistryFailuresAsServerExceptions() {
        sim.ecr().registry(registry.endpoint(), "wrong");

        Wire.Response response = describe("{\"repositoryName\":\"team/app\"}");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("ServerException");
        assertThat(response.json().get("message").asText()).contains("HTTP 401");
    }

    @Test
    void describeImages_needsAFrontedRegistry() {
        try (AwsSimulator bare = AwsSimulator.start()) {
            Wire.ecr(bare.endpoint(), "CreateRepository", "{\"repositoryName\":\"app\"}");
            Wire.Response response = Wire.ecr(bare.endpoint(), "DescribeImages", "{\"repositoryName\":\"app\"}");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().get("message").asText()).contains("registry(endpoint, password)");
        }
    }

    @Test
    void registry_acceptsAnEndpointWithATrailingSlash() {
        sim.ecr().registry(URI.create(registry.endpoint() + "/"), "pw");
        registry.put("team/app", "1.0", OCI_MANIFEST, FakeRegistry.imageManifest(OCI_MANIFEST, OCI_CONFIG, 5));

        assertThat(details("{\"repositoryName\":\"team/app\"}")).hasSize(1);
    }
}
