package dev.quayside.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.ecr.RepositoryOptions;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.testing.aws.AwsSimulator;
import dev.quayside.testing.aws.AwsSimulatorExtension;
import dev.quayside.testing.aws.EcrSimulator;
import dev.quayside.testing.images.ImageFixture;
import dev.quayside.testing.registry.RegistryExtension;
import dev.quayside.testing.time.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The scan gate against the simulator's ECR scans of images really pushed to the registry, on a virtual clock. */
class ScanGateTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-08-01T09:00:00Z"));
    @RegisterExtension
    static final RegistryExtension registry = new RegistryExtension();
    @RegisterExtension
    final AwsSimulatorExtension aws = AwsSimulatorExtension.perTest(AwsSimulator.builder().clock(clock));

    @TempDir
    Path tmp;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private EcrClient ecr;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        aws.ecr().registry(registry.endpoint(), registry.password());
        env = Map.of("AWS_ACCESS_KEY_ID", "AKIDSCAN", "AWS_SECRET_ACCESS_KEY", "scan-secret", "PATH", "/usr/bin:/bin");
        ecr = AwsClients.ecr(AwsSettings.resolve(env, "us-east-1", null, null, Map.of("ecr", aws.endpoint())));
    }

    @AfterEach
    void close() {
        ecr.close();
    }

    /** Pushes a small image to {@code repository} (created with scan on push as given); its digest. */
    private String push(String repository, boolean scanOnPush) {
        return new EcrPusher(ecr, RegistryPusher.create(e -> { }, Clock.systemUTC(), d -> { }), env, e -> { })
                .push(EcrPushRequest.builder().source(ImageSourceSpec.parse("source", "oci:" + ImageFixture.builder().seed(repository.length())
                                .layerSizes(1_000).writeOciLayout(tmp.resolve(repository)).path()))
                        .target(ImageReference.parse("repository", repository)).tags(List.of("1.0"))
                        .repositoryOptions(RepositoryOptions.builder().createIfMissing(true).scanOnPush(scanOnPush).build()).build())
                .digest().toString();
    }

    private ScanGate gate() {
        return new ScanGate(ecr, clock, clock::advance, events::add);
    }

    private static ScanGateRequest.Builder request(String repository, String digest) {
        return ScanGateRequest.builder().repository(repository).digest(digest).timeout(Duration.ofMinutes(5));
    }

    private List<String> messages(String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::message).toList();
    }

    @Test
    void aCriticalFinding_failsTheGate_withTheCountsAndTheTopFindingsInTheLog() {
        String digest = push("shop", true);
        aws.ecr().scanFindings("shop", digest, List.of(
                new EcrSimulator.Finding("CVE-2024-0001", "CRITICAL", "openssl", "3.0.1", "3.0.2", null),
                EcrSimulator.Finding.of("MEDIUM", "CVE-2024-0002", "zlib", "1.2.11")));

        assertThatThrownBy(() -> gate().check(request("shop", digest).failOn(Severity.HIGH).build()))
                .isInstanceOf(QuaysideException.class)
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.REJECTED))
                .hasMessageContaining("1 finding at or above HIGH not allowed: CVE-2024-0001");
        assertThat(messages("scan.waiting")).anyMatch(m -> m.contains("IN_PROGRESS"));
        assertThat(messages("scan.findings")).singleElement().asString()
                .startsWith("Scan of shop@" + digest + ": 1 CRITICAL, 1 MEDIUM")
                .contains("CRITICAL CVE-2024-0001 openssl 3.0.1 (fixed in 3.0.2) https://nvd.nist.gov/vuln/detail/CVE-2024-0001")
                .contains("MEDIUM CVE-2024-0002 zlib 1.2.11");
    }

    @Test
    void anAllowedFinding_doesNotFailTheGate_andTheLogSaysWhy() {
        String digest = push("shop", true);
        aws.ecr().scanFindings("shop", digest, List.of(EcrSimulator.Finding.of("CRITICAL", "CVE-2024-0001", "openssl", "3.0.1")));

        ScanGateResult r = gate().check(request("shop", digest).failOn(Severity.HIGH).allow(List.of("CVE-2024-0001=not reachable: no TLS in this app")).build());

        assertThat(r.passed()).isTrue();
        assertThat(r.counts()).containsEntry("CRITICAL", 1);
        assertThat(r.allowed()).extracting(ScanGateResult.Finding::id).containsExactly("CVE-2024-0001");
        assertThat(messages("scan.findings")).singleElement().asString().contains("[allowed: not reachable: no TLS in this app]");
    }

    @Test
    void findingsBelowTheThreshold_pass_andWithoutAThresholdTheyAreOnlyReported() {
        String digest = push("shop", true);
        aws.ecr().scanFindings("shop", digest, List.of(EcrSimulator.Finding.of("MEDIUM", "CVE-2024-0002", "zlib", "1.2.11")));

        assertThat(gate().check(request("shop", digest).failOn(Severity.HIGH).build()).passed()).isTrue();
        ScanGateResult reportOnly = gate().check(request("shop", digest).build());
        assertThat(reportOnly.passed()).isTrue();
        assertThat(reportOnly.counts()).containsExactly(Map.entry("MEDIUM", 1));
    }

    @Test
    void aScanThatFails_failsTheGateWithItsReason() {
        String digest = push("shop", true);
        aws.ecr().scanFails("shop", digest);

        assertThatThrownBy(() -> gate().check(request("shop", digest).failOn(Severity.HIGH).build()))
                .hasMessageContaining("the scan ended FAILED: UnsupportedImageError");
    }

    @Test
    void aScanThatOutlastsTheTimeout_timesOutTheGate() {
        String digest = push("shop", true);
        aws.ecr().scanDuration(Duration.ofHours(1));

        assertThatThrownBy(() -> gate().check(request("shop", digest).failOn(Severity.HIGH).timeout(Duration.ofMinutes(2)).build()))
                .satisfies(e -> assertThat(((QuaysideException) e).failure()).isEqualTo(Failure.TIMEOUT))
                .hasMessageContaining("the scan was still IN_PROGRESS after 2 min 0 s");
    }

    @Test
    void withoutScanOnPush_theGateStartsAScan_andJudgesIt() {
        String digest = push("plain", false);

        ScanGateResult r = gate().check(request("plain", digest).failOn(Severity.CRITICAL).build());

        assertThat(r.passed()).isTrue();
        assertThat(messages("scan.started")).singleElement().asString().startsWith("No scan of plain@" + digest + " yet");
        assertThat(aws.requests("StartImageScan")).hasSize(1);
    }

    @Test
    void aSeverityOrAllowEntryThatMeansNothing_isRefusedNamingTheField() {
        assertThatThrownBy(() -> Severity.parse("scanFailOn", "SEVERE")).hasMessageStartingWith("scanFailOn: 'SEVERE' is not a severity");
        assertThatThrownBy(() -> ScanGateRequest.builder().allow(List.of("=because"))).hasMessageStartingWith("scanAllow:");
    }

    @Test
    void anEnhancedScanningFinding_isJudgedLikeABasicOne_withItsFixedVersion() {
        ScanGateResult.Finding f = ScanGate.finding(software.amazon.awssdk.services.ecr.model.EnhancedImageScanFinding.builder().severity("HIGH")
                .title("CVE-2024-9999 - libxml2").packageVulnerabilityDetails(d -> d.vulnerabilityId("CVE-2024-9999").sourceUrl("https://example.org/CVE-2024-9999")
                        .vulnerablePackages(p -> p.name("libxml2").version("2.9.10").fixedInVersion("2.9.14")))
                .build());

        assertThat(f.describe()).isEqualTo("HIGH CVE-2024-9999 libxml2 2.9.10 (fixed in 2.9.14) https://example.org/CVE-2024-9999");
    }
}
