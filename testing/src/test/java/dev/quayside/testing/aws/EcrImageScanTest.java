package dev.quayside.testing.aws;

import static dev.quayside.testing.aws.Sdk.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.HttpPush;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.FindingSeverity;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ScanStatus;

/** ECR basic scanning through the real SDK: scan on push, StartImageScan, findings, against a real registry. */
class EcrImageScanTest {

    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();

    @TempDir
    static Path tmp;

    private static final Instant START = Instant.parse("2026-04-01T10:00:00Z");
    private static String plain;
    private static String labelled;
    private static String unsupported;

    private final MutableClock clock = MutableClock.at(START);
    private AwsSimulator sim;
    private EcrClient ecr;

    @BeforeAll
    static void pushImages() throws Exception {
        plain = HttpPush.push(registry, ImageFixture.builder().seed(1).writeOciLayout(tmp.resolve("plain")), "shop", "1.0");
        labelled = HttpPush.push(registry, ImageFixture.builder().seed(2)
                .label(EcrScans.FINDINGS_LABEL, "CRITICAL:CVE-2024-0001:openssl:3.0.1:3.0.2;HIGH:CVE-2024-0002:zlib:1.2.11")
                .writeOciLayout(tmp.resolve("labelled")), "shop", "1.2");
        unsupported = HttpPush.push(registry, ImageFixture.builder().seed(3).label(EcrScans.FINDINGS_LABEL, "FAILED")
                .writeOciLayout(tmp.resolve("scratch")), "shop", "scratch");
        HttpPush.push(registry, ImageFixture.builder().seed(1).writeOciLayout(tmp.resolve("manual")), "manual", "1.0");
    }

    @BeforeEach
    void start() {
        sim = AwsSimulator.builder().clock(clock).start();
        sim.ecr().registry(registry.endpoint(), registry.password());
        ecr = Sdk.ecr(sim.endpoint());
        ecr.createRepository(b -> b.repositoryName("shop").imageScanningConfiguration(c -> c.scanOnPush(true)));
        ecr.createRepository(b -> b.repositoryName("manual"));
    }

    @AfterEach
    void stop() {
        ecr.close();
        sim.close();
    }

    private DescribeImageScanFindingsResponse findings(String repository, String tag) {
        return ecr.describeImageScanFindings(b -> b.repositoryName(repository).imageId(i -> i.imageTag(tag)));
    }

    private static Map<String, String> attributes(ImageScanFinding finding) {
        return finding.attributes().stream().collect(java.util.stream.Collectors.toMap(Attribute::key, Attribute::value));
    }

    @Test
    void describeImageScanFindings_afterAScanOnPush_isInProgressThenCompleteWithTheConfiguredFindings() {
        sim.ecr().scanFindings("shop", "1.0", List.of(
                new EcrSimulator.Finding("CVE-2023-4911", "HIGH", "glibc", "2.36-9", "2.36-9+deb12u3", null),
                EcrSimulator.Finding.of("LOW", "CVE-2023-5678", "openssl", "3.0.11")));

        DescribeImageScanFindingsResponse first = findings("shop", "1.0");
        assertThat(first.imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
        assertThat(first.imageScanFindings()).isNull();
        assertThat(first.imageId()).isEqualTo(ImageIdentifier.builder().imageDigest(plain).imageTag("1.0").build());
        assertThat(first.registryId()).isEqualTo("123456789012");
        assertThat(first.repositoryName()).isEqualTo("shop");

        clock.advance(Duration.ofSeconds(19));
        assertThat(findings("shop", "1.0").imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(1));
        DescribeImageScanFindingsResponse done = findings("shop", "1.0");

        assertThat(done.imageScanStatus().status()).isEqualTo(ScanStatus.COMPLETE);
        assertThat(done.imageScanStatus().description()).isEqualTo("The scan was completed successfully.");
        assertThat(done.imageScanFindings().imageScanCompletedAt()).isEqualTo(START.plusSeconds(20));
        assertThat(done.imageScanFindings().vulnerabilitySourceUpdatedAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(done.imageScanFindings().findingSeverityCounts())
                .isEqualTo(Map.of(FindingSeverity.HIGH, 1, FindingSeverity.LOW, 1));
        assertThat(done.imageScanFindings().findings()).hasSize(2);
        ImageScanFinding glibc = done.imageScanFindings().findings().get(0);
        assertThat(glibc.name()).isEqualTo("CVE-2023-4911");
        assertThat(glibc.severity()).isEqualTo(FindingSeverity.HIGH);
        assertThat(glibc.uri()).isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2023-4911");
        assertThat(glibc.description()).isNotBlank();
        assertThat(attributes(glibc)).isEqualTo(Map.of("package_name", "glibc", "package_version", "2.36-9",
                "fixed_version", "2.36-9+deb12u3"));
        assertThat(attributes(done.imageScanFindings().findings().get(1))).doesNotContainKey("fixed_version");
        assertThat(ecr.describeImageScanFindings(b -> b.repositoryName("shop").imageId(i -> i.imageDigest(plain)))
                .imageId()).isEqualTo(ImageIdentifier.builder().imageDigest(plain).build());
    }

    @Test
    void describeImageScanFindings_readsTheFindingsLabel_ofAnImageThatHasOne() {
        findings("shop", "1.2");
        clock.advance(Duration.ofSeconds(20));

        DescribeImageScanFindingsResponse done = findings("shop", "1.2");

        assertThat(done.imageScanFindings().findingSeverityCounts())
                .isEqualTo(Map.of(FindingSeverity.CRITICAL, 1, FindingSeverity.HIGH, 1));
        assertThat(done.imageScanFindings().findings()).extracting(ImageScanFinding::name)
                .containsExactly("CVE-2024-0001", "CVE-2024-0002");
        assertThat(attributes(done.imageScanFindings().findings().get(0)))
                .containsEntry("package_name", "openssl").containsEntry("fixed_version", "3.0.2");
        assertThat(done.imageId().imageDigest()).isEqualTo(labelled);
        // An image without the label scans clean.
        findings("shop", "1.0");
        clock.advance(Duration.ofSeconds(20));
        assertThat(findings("shop", "1.0").imageScanFindings().findings()).isEmpty();
        assertThat(findings("shop", "1.0").imageScanFindings().findingSeverityCounts()).isEmpty();
    }

    @Test
    void describeImageScanFindings_pagesTheFindings_andCountsThemAll() {
        List<EcrSimulator.Finding> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(EcrSimulator.Finding.of("MEDIUM", "CVE-2025-000" + i, "libpng", "1.6.39"));
        }
        sim.ecr().scanFindings("shop", plain, many);
        sim.ecr().scanDuration(Duration.ZERO);

        DescribeImageScanFindingsResponse first = ecr.describeImageScanFindings(b -> b.repositoryName("shop")
                .imageId(i -> i.imageTag("1.0")).maxResults(2));
        List<String> names = new ArrayList<>(first.imageScanFindings().findings().stream().map(ImageScanFinding::name).toList());
        String token = first.nextToken();
        while (token != null) {
            String from = token;
            DescribeImageScanFindingsResponse page = ecr.describeImageScanFindings(b -> b.repositoryName("shop")
                    .imageId(i -> i.imageTag("1.0")).maxResults(2).nextToken(from));
            page.imageScanFindings().findings().forEach(f -> names.add(f.name()));
            token = page.nextToken();
        }

        assertThat(first.imageScanFindings().findingSeverityCounts()).isEqualTo(Map.of(FindingSeverity.MEDIUM, 5));
        assertThat(names).containsExactly("CVE-2025-0000", "CVE-2025-0001", "CVE-2025-0002", "CVE-2025-0003", "CVE-2025-0004");
    }

    @Test
    void aScanOfAnUnsupportedImage_endsFailed() {
        sim.ecr().scanFails("shop", "1.0");
        findings("shop", "1.0");
        findings("shop", "scratch");
        clock.advance(Duration.ofSeconds(20));

        for (String tag : List.of("1.0", "scratch")) {
            DescribeImageScanFindingsResponse failed = findings("shop", tag);
            assertThat(failed.imageScanStatus().status()).isEqualTo(ScanStatus.FAILED);
            assertThat(failed.imageScanStatus().description())
                    .isEqualTo("UnsupportedImageError: The operating system and/or package manager are not supported.");
            assertThat(failed.imageScanFindings()).isNull();
        }
        assertThat(findings("shop", "scratch").imageId().imageDigest()).isEqualTo(unsupported);
    }

    @Test
    void describeImageScanFindings_withoutAScan_isScanNotFound() {
        assertRefused(() -> findings("manual", "1.0"), "ScanNotFoundException",
                "Image scan does not exist for the image with '{imageDigest:'null', imageTag:'1.0'}' in the repository"
                        + " with name 'manual' in the registry with id '123456789012'");
        assertRefused(() -> ecr.describeImageScanFindings(b -> b.repositoryName("manual").imageId(i -> i.imageDigest(plain))),
                "ScanNotFoundException", "Image scan does not exist for the image with '{imageDigest:'" + plain
                        + "', imageTag:'null'}' in the repository with name 'manual' in the registry with id '123456789012'");
    }

    @Test
    void describeImageScanFindings_ofAMissingImageOrRepository_isNotFound() {
        assertRefused(() -> findings("shop", "9.9"), "ImageNotFoundException",
                "The image with imageId {imageDigest:'null', imageTag:'9.9'} does not exist within the repository"
                        + " with name 'shop' in the registry with id '123456789012'");
        assertRefused(() -> findings("nope", "1.0"), "RepositoryNotFoundException",
                "The repository with name 'nope' does not exist in the registry with id '123456789012'");
        assertRefused(() -> ecr.startImageScan(b -> b.repositoryName("shop").imageId(i -> i.imageTag("9.9"))),
                "ImageNotFoundException", "The image with imageId {imageDigest:'null', imageTag:'9.9'} does not exist"
                        + " within the repository with name 'shop' in the registry with id '123456789012'");
    }

    @Test
    void startImageScan_startsAScan_atMostOncePerImageIn24Hours() {
        var started = ecr.startImageScan(b -> b.repositoryName("manual").imageId(i -> i.imageTag("1.0")));

        assertThat(started.imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
        assertThat(started.imageId()).isEqualTo(ImageIdentifier.builder().imageDigest(plain).imageTag("1.0").build());
        assertThat(findings("manual", "1.0").imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(20));
        assertThat(findings("manual", "1.0").imageScanStatus().status()).isEqualTo(ScanStatus.COMPLETE);
        clock.advance(Duration.ofHours(23));
        assertRefused(() -> ecr.startImageScan(b -> b.repositoryName("manual").imageId(i -> i.imageDigest(plain))),
                "LimitExceededException", "The scan quota per image has been exceeded. Wait and try again.");
        clock.advance(Duration.ofHours(1));
        ecr.startImageScan(b -> b.repositoryName("manual").imageId(i -> i.imageDigest(plain)));
        assertThat(findings("manual", "1.0").imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
    }

    @Test
    void startImageScan_inAScanOnPushRepository_countsTheScanOnPush() {
        findings("shop", "1.0");

        assertRefused(() -> ecr.startImageScan(b -> b.repositoryName("shop").imageId(i -> i.imageTag("1.0"))),
                "LimitExceededException", "The scan quota per image has been exceeded. Wait and try again.");
    }

    @Test
    void describeImages_reportsTheScanStatusAndTheFindingsSummary() {
        List<ImageDetail> scanning = ecr.describeImages(b -> b.repositoryName("shop")).imageDetails();
        assertThat(scanning).isNotEmpty().allSatisfy(image -> {
            assertThat(image.imageScanStatus().status()).isEqualTo(ScanStatus.IN_PROGRESS);
            assertThat(image.imageScanFindingsSummary()).isNull();
        });
        assertThat(ecr.describeImages(b -> b.repositoryName("manual")).imageDetails().get(0).imageScanStatus()).isNull();

        clock.advance(Duration.ofSeconds(20));
        ImageDetail scanned = ecr.describeImages(b -> b.repositoryName("shop").imageIds(i -> i.imageTag("1.2")))
                .imageDetails().get(0);

        assertThat(scanned.imageScanStatus().status()).isEqualTo(ScanStatus.COMPLETE);
        assertThat(scanned.imageScanFindingsSummary().imageScanCompletedAt()).isEqualTo(START.plusSeconds(20));
        assertThat(scanned.imageScanFindingsSummary().findingSeverityCounts())
                .isEqualTo(Map.of(FindingSeverity.CRITICAL, 1, FindingSeverity.HIGH, 1));
    }
}
