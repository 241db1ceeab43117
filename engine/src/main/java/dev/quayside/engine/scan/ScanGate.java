package dev.quayside.engine.scan;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.time.Durations;
import dev.quayside.engine.time.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Attribute;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.EnhancedImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.PackageVulnerabilityDetails;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.VulnerablePackage;

/**
 * The scan gate: waits for the image's ECR scan (basic scanning, or enhanced, which reports through
 * the same API) and fails when findings at or above a severity exist that are not allowed by id. The
 * log shows the counts per severity and the top findings. Defined outcomes: no scan yet starts one
 * (StartImageScan, once); a FAILED scan or one that outlasts the timeout fails the gate with its reason.
 */
public final class ScanGate {
    /** Findings shown in the log, highest severity first. */
    static final int TOP = 10;

    private final EcrClient ecr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ProgressListener listener;

    public ScanGate(EcrClient ecr, Clock clock, Sleeper sleeper, ProgressListener listener) {
        this.ecr = ecr;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public ScanGateResult check(ScanGateRequest request) {
        String what = "check the scan of " + request.image();
        ImageIdentifier id = ImageIdentifier.builder().imageDigest(request.digest()).imageTag(request.tag()).build();
        long deadline = clock.millis() + request.timeout().toMillis();
        boolean started = false;
        String lastStatus = null;
        List<ScanGateResult.Finding> findings = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        while (true) {
            DescribeImageScanFindingsResponse page;
            try {
                page = ecr.describeImageScanFindings(b -> b.registryId(request.registryId()).repositoryName(request.repository()).imageId(id).maxResults(1000));
            } catch (ScanNotFoundException e) {
                if (started) {
                    page = null;
                } else {
                    startScan(request, id, what);
                    started = true;
                    continue;
                }
            } catch (SdkException e) {
                throw AwsErrors.translate(what, e);
            }
            String status = page == null || page.imageScanStatus() == null ? "PENDING" : page.imageScanStatus().statusAsString();
            if ("COMPLETE".equals(status) || "ACTIVE".equals(status)) {
                counts.putAll(page.imageScanFindings() == null ? Map.of() : page.imageScanFindings().findingSeverityCountsAsStrings());
                collect(request, id, page, findings, what);
                break;
            }
            if ("FAILED".equals(status) || "UNSUPPORTED_IMAGE".equals(status) || "SCAN_ELIGIBILITY_EXPIRED".equals(status)) {
                String why = page.imageScanStatus().description();
                throw QuaysideException.of(Failure.REJECTED, what, "the scan ended " + status + (why == null ? "" : ": " + why),
                        "The image's vulnerabilities are unknown; fix the image (a supported OS and package manager) or release without the gate.");
            }
            if (!status.equals(lastStatus)) {
                listener.onEvent(Event.of(Event.Level.INFO, "scan.waiting", "Scan of " + request.image() + ": " + status + ", waiting (timeout "
                        + Durations.human(request.timeout()) + ")", Map.of("status", status)));
                lastStatus = status;
            }
            if (clock.millis() + request.pollInterval().toMillis() > deadline) {
                throw QuaysideException.of(Failure.TIMEOUT, what, "the scan was still " + status + " after " + Durations.human(request.timeout()),
                        "Nothing was released past the gate. Wait and run the gate again, or give it a longer timeout.");
            }
            try {
                sleeper.sleep(request.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw QuaysideException.of(Failure.INTERRUPTED, what, "interrupted while waiting for the scan", null, e);
            }
        }
        return judge(request, counts, findings);
    }

    private void startScan(ScanGateRequest request, ImageIdentifier id, String what) {
        try {
            ecr.startImageScan(b -> b.registryId(request.registryId()).repositoryName(request.repository()).imageId(id));
            listener.onEvent(Event.of(Event.Level.INFO, "scan.started", "No scan of " + request.image()
                    + " yet (is scan on push off?): started one", Map.of()));
        } catch (SdkException e) {
            throw QuaysideException.of(Failure.REJECTED, what, "the image has no scan and none could be started (" + e.getMessage() + ")",
                    "Turn on scan on push for the repository (scanOnPush), or allow ecr:StartImageScan.");
        }
    }

    private void collect(ScanGateRequest request, ImageIdentifier id, DescribeImageScanFindingsResponse first, List<ScanGateResult.Finding> into,
                         String what) {
        DescribeImageScanFindingsResponse page = first;
        while (true) {
            if (page.imageScanFindings() != null) {
                page.imageScanFindings().findings().forEach(f -> into.add(finding(f)));
                // Enhanced scanning (Amazon Inspector) reports its findings in their own list of the same answer.
                page.imageScanFindings().enhancedFindings().forEach(f -> into.add(finding(f)));
            }
            String next = page.nextToken();
            if (next == null || next.isEmpty()) {
                return;
            }
            try {
                page = ecr.describeImageScanFindings(b -> b.registryId(request.registryId()).repositoryName(request.repository()).imageId(id)
                        .maxResults(1000).nextToken(next));
            } catch (SdkException e) {
                throw AwsErrors.translate(what, e);
            }
        }
    }

    private ScanGateResult judge(ScanGateRequest request, Map<String, Integer> counts, List<ScanGateResult.Finding> raw) {
        List<ScanGateResult.Finding> findings = raw.stream()
                .sorted(Comparator.comparing(ScanGateResult.Finding::severity).reversed().thenComparing(ScanGateResult.Finding::id)).toList();
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            String name = Severity.values()[i].name();
            if (counts.getOrDefault(name, 0) > 0) {
                ordered.put(name, counts.get(name));
            }
        }
        List<ScanGateResult.Finding> blocking = new ArrayList<>();
        List<ScanGateResult.Finding> allowed = new ArrayList<>();
        if (request.failOn() != null) {
            for (ScanGateResult.Finding f : findings) {
                if (f.severity().compareTo(request.failOn()) >= 0) {
                    (request.allowed().containsKey(f.id()) ? allowed : blocking).add(f);
                }
            }
        }
        String summary = ordered.isEmpty() ? "no findings" : ordered.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        StringBuilder log = new StringBuilder("Scan of " + request.image() + ": " + summary);
        findings.stream().limit(TOP).forEach(f -> log.append("\n  ").append(f.describe())
                .append(request.allowed().containsKey(f.id()) ? "  [allowed: " + request.allowed().get(f.id()) + "]" : ""));
        if (findings.size() > TOP) {
            log.append("\n  ... and ").append(findings.size() - TOP).append(" more");
        }
        listener.onEvent(Event.of(blocking.isEmpty() ? Event.Level.INFO : Event.Level.WARNING, "scan.findings", log.toString(), Map.of("counts", ordered)));
        ScanGateResult result = new ScanGateResult(request.image(), ordered, blocking, allowed);
        if (!blocking.isEmpty()) {
            throw QuaysideException.of(Failure.REJECTED, "pass the scan gate for " + request.image(),
                    blocking.size() + " finding" + (blocking.size() == 1 ? "" : "s") + " at or above " + request.failOn() + " not allowed: "
                            + blocking.stream().limit(5).map(ScanGateResult.Finding::id).collect(Collectors.joining(", "))
                            + (blocking.size() > 5 ? ", ..." : ""),
                    "Fix them (the fixed versions are in the log), or allow one by id with a reason (--scan-allow ID=reason, scanAllow: ['ID=reason']).");
        }
        return result;
    }

    /** An enhanced finding: its vulnerability id, first vulnerable package and the version that fixes it. */
    static ScanGateResult.Finding finding(EnhancedImageScanFinding f) {
        PackageVulnerabilityDetails details = f.packageVulnerabilityDetails();
        VulnerablePackage pkg = details == null || details.vulnerablePackages().isEmpty() ? null : details.vulnerablePackages().get(0);
        String id = details != null && details.vulnerabilityId() != null ? details.vulnerabilityId() : f.title();
        return new ScanGateResult.Finding(id, Severity.of(f.severity()), pkg == null ? null : pkg.name(), pkg == null ? null : pkg.version(),
                pkg == null || pkg.fixedInVersion() == null || pkg.fixedInVersion().equals("NotAvailable") ? null : pkg.fixedInVersion(),
                details == null ? null : details.sourceUrl());
    }

    private static ScanGateResult.Finding finding(ImageScanFinding f) {
        Map<String, String> attributes = f.attributes().stream().collect(Collectors.toMap(Attribute::key, a -> a.value() == null ? "" : a.value(), (a, b) -> a));
        return new ScanGateResult.Finding(f.name(), Severity.of(f.severityAsString()), attributes.get("package_name"), attributes.get("package_version"),
                attributes.get("fixed_version"), f.uri());
    }
}
