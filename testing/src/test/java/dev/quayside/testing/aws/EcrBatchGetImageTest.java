package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.HttpPush;
import dev.quayside.testing.registry.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** BatchGetImage through the real SDK, against a real Distribution registry (docker-registry). */
class EcrBatchGetImageTest {

    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    @RegisterExtension
    static final AwsSimulatorExtension aws = new AwsSimulatorExtension();

    @TempDir
    static Path tmp;

    private static EcrClient ecr;
    private static String v1;
    private static String v1Manifest;
    private static String v2;

    @BeforeAll
    static void pushTwoImages() throws Exception {
        aws.ecr().registry(registry.endpoint(), registry.password());
        ecr = Sdk.ecr(aws.endpoint());
        ecr.createRepository(b -> b.repositoryName("team/app"));
        ecr.createRepository(b -> b.registryId("210987654321").repositoryName("shared/base"));
        ImageFixture.Written one = ImageFixture.builder().seed(1).writeOciLayout(tmp.resolve("v1"));
        ImageFixture.Written two = ImageFixture.builder().seed(2).writeOciLayout(tmp.resolve("v2"));
        v1 = HttpPush.push(registry, one, "team/app", "1.0");
        v2 = HttpPush.push(registry, two, "team/app", "2.0");
        HttpPush.push(registry, one, "shared/base", "1.0");
        v1Manifest = Files.readString(one.path().resolve("blobs/sha256").resolve(v1.substring("sha256:".length())));
    }

    @AfterAll
    static void close() {
        ecr.close();
    }

    private static ImageIdentifier tag(String tag) {
        return ImageIdentifier.builder().imageTag(tag).build();
    }

    private static ImageIdentifier digest(String digest) {
        return ImageIdentifier.builder().imageDigest(digest).build();
    }

    @Test
    void batchGetImage_answersFoundImagesWithTheirManifestAndMissingOnesAsFailures() {
        BatchGetImageResponse answer = ecr.batchGetImage(b -> b.repositoryName("team/app")
                .imageIds(tag("1.0"), digest(v2), tag("3.0")));

        assertThat(answer.images()).hasSize(2);
        assertThat(answer.images().get(0).registryId()).isEqualTo("123456789012");
        assertThat(answer.images().get(0).repositoryName()).isEqualTo("team/app");
        assertThat(answer.images().get(0).imageId()).isEqualTo(ImageIdentifier.builder().imageDigest(v1).imageTag("1.0").build());
        assertThat(answer.images().get(0).imageManifest()).isEqualTo(v1Manifest);
        assertThat(answer.images().get(0).imageManifestMediaType()).isEqualTo(ImageFixture.OCI_MANIFEST);
        assertThat(answer.images().get(1).imageId()).isEqualTo(digest(v2));
        assertThat(answer.failures()).containsExactly(ImageFailure.builder().imageId(tag("3.0"))
                .failureCode(ImageFailureCode.IMAGE_NOT_FOUND).failureReason("Requested image not found").build());
    }

    @Test
    void batchGetImage_withATagAndADigestThatDisagree_failsThatImage() {
        BatchGetImageResponse answer = ecr.batchGetImage(b -> b.repositoryName("team/app")
                .imageIds(ImageIdentifier.builder().imageTag("1.0").imageDigest(v2).build(),
                        ImageIdentifier.builder().imageTag("2.0").imageDigest(v2).build()));

        assertThat(answer.images()).extracting(image -> image.imageId().imageTag()).containsExactly("2.0");
        assertThat(answer.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.failureCode()).isEqualTo(ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST);
            assertThat(failure.imageId().imageTag()).isEqualTo("1.0");
        });
    }

    @Test
    void batchGetImage_ofAMissingRepository_isRepositoryNotFound() {
        assertRefused(() -> ecr.batchGetImage(b -> b.repositoryName("team/nope").imageIds(tag("1.0"))),
                "RepositoryNotFoundException",
                "The repository with name 'team/nope' does not exist in the registry with id '123456789012'");
    }

    @Test
    void batchGetImage_byRegistryId_looksInThatAccountsRegistryOnly() {
        BatchGetImageResponse shared = ecr.batchGetImage(b -> b.registryId("210987654321").repositoryName("shared/base")
                .imageIds(tag("1.0")));

        assertThat(shared.images()).singleElement().satisfies(image -> {
            assertThat(image.registryId()).isEqualTo("210987654321");
            assertThat(image.imageId().imageDigest()).isEqualTo(v1);
        });
        assertRefused(() -> ecr.batchGetImage(b -> b.repositoryName("shared/base").imageIds(tag("1.0"))),
                "RepositoryNotFoundException",
                "The repository with name 'shared/base' does not exist in the registry with id '123456789012'");
        assertRefused(() -> ecr.batchGetImage(b -> b.registryId("999999999999").repositoryName("team/app").imageIds(tag("1.0"))),
                "RepositoryNotFoundException",
                "The repository with name 'team/app' does not exist in the registry with id '999999999999'");
    }

    @Test
    void batchGetImage_withMoreThanAHundredImageIds_isRefused() {
        List<ImageIdentifier> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ids.add(tag("t" + i));
        }

        assertRefused(() -> ecr.batchGetImage(b -> b.repositoryName("team/app").imageIds(ids)), "InvalidParameterException",
                "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100'");
        assertThat(ecr.batchGetImage(b -> b.repositoryName("team/app").imageIds(ids.subList(0, 100))).failures()).hasSize(100);
    }
}
