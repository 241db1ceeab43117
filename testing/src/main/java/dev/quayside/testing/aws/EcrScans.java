package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ECR basic image scanning, modelled lazily: pushes go straight to the fronted registry, so a scan on
 * push starts when the simulator first sees the image (its stand-in push time), and every scan is
 * IN_PROGRESS for {@link #duration()} after it started, then COMPLETE (or FAILED).
 *
 * <p>Findings come from {@link EcrSimulator#scanFindings}, else from the image config label
 * {@value #FINDINGS_LABEL}; none means a clean scan. Thread-safe.
 */
final class EcrScans {

    /**
     * The image config label a simulator run as a process reads findings from:
     * {@code SEVERITY:NAME:PACKAGE:VERSION[:FIXED_VERSION]} entries separated by {@code ;} (versions
     * without a colon), or {@code FAILED} for a scan that fails as on an unsupported image.
     */
    static final String FINDINGS_LABEL = "dev.quayside.simulator.findings";
    static final String COMPLETE_DESCRIPTION = "The scan was completed successfully.";
    static final String UNSUPPORTED_DESCRIPTION =
            "UnsupportedImageError: The operating system and/or package manager are not supported.";
    /** ECR's basic scanning quota: one scan per image per 24 hours, scan on push included. */
    static final Duration QUOTA_PERIOD = Duration.ofHours(24);
    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED");

    /** A scan as the APIs report it; {@code findings} empty unless COMPLETE. */
    record Scan(String status, String description, Instant startedAt, Instant completedAt,
            List<EcrSimulator.Finding> findings) {

        boolean complete() {
            return status.equals("COMPLETE");
        }

        /** CRITICAL first, only the severities that occur, as ECR counts them. */
        ObjectNode severityCounts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String severity : SEVERITIES) {
                int n = (int) findings.stream().filter(f -> f.severity().equals(severity)).count();
                if (n > 0) {
                    counts.put(severity, n);
                }
            }
            ObjectNode node = AwsJson.object();
            counts.forEach(node::put);
            return node;
        }

        /**
         * When the vulnerability database was last updated: the start of the completion's UTC day
         * (the simulator's choice; ECR reports its feed's own time).
         */
        Instant vulnerabilitySourceUpdatedAt() {
            return completedAt.truncatedTo(ChronoUnit.DAYS);
        }
    }

    private final Supplier<Instant> clock;
    private Duration duration = Duration.ofSeconds(20);
    /** By image key: when the latest StartImageScan started. */
    private final Map<String, Instant> started = new HashMap<>();
    /** By image key: findings set from tests, or null for a scan that fails. */
    private final Map<String, Optional<List<EcrSimulator.Finding>>> configured = new HashMap<>();
    /** By image key: the findings label as read from the image config (immutable per digest). */
    private final Map<String, Optional<String>> labels = new HashMap<>();

    EcrScans(Supplier<Instant> clock) {
        this.clock = clock;
    }

    synchronized Duration duration() {
        return duration;
    }

    synchronized void duration(Duration duration) {
        if (Objects.requireNonNull(duration).isNegative()) {
            throw new IllegalArgumentException("a scan cannot take negative time: " + duration);
        }
        this.duration = duration;
    }

    synchronized void findings(String key, List<EcrSimulator.Finding> findings) {
        configured.put(key, Optional.of(List.copyOf(findings)));
    }

    synchronized void fails(String key) {
        configured.put(key, Optional.empty());
    }

    /**
     * Starts a scan now unless one started within the quota period (a scan on push counts from
     * {@code pushedAt}); LimitExceededException as ECR words it otherwise.
     */
    synchronized void start(String key, boolean scanOnPush, Instant pushedAt) {
        Instant now = clock.get();
        Instant previous = startedAt(key, scanOnPush, pushedAt);
        if (previous != null && now.isBefore(previous.plus(QUOTA_PERIOD))) {
            throw AwsError.client("LimitExceededException",
                    "The scan quota per image has been exceeded. Wait and try again.");
        }
        started.put(key, now);
    }

    /**
     * The image's latest scan, if it has one: started by StartImageScan, or on push in a scan-on-push
     * repository. {@code label} reads the findings label once per image.
     */
    Optional<Scan> scan(String key, boolean scanOnPush, Instant pushedAt, Supplier<Optional<String>> label) {
        Instant startedAt;
        Instant now = clock.get();
        Duration takes;
        Optional<List<EcrSimulator.Finding>> findings;
        synchronized (this) {
            startedAt = startedAt(key, scanOnPush, pushedAt);
            if (startedAt == null) {
                return Optional.empty();
            }
            takes = duration;
            findings = configured.get(key);
        }
        Instant completedAt = startedAt.plus(takes);
        if (now.isBefore(completedAt)) {
            // ECR's description while in progress is not documented; the simulator sends none.
            return Optional.of(new Scan("IN_PROGRESS", null, startedAt, null, List.of()));
        }
        if (findings == null) {
            findings = fromLabel(key, label);
        }
        return Optional.of(findings
                .map(list -> new Scan("COMPLETE", COMPLETE_DESCRIPTION, startedAt, completedAt, list))
                .orElseGet(() -> new Scan("FAILED", UNSUPPORTED_DESCRIPTION, startedAt, completedAt, List.of())));
    }

    private Instant startedAt(String key, boolean scanOnPush, Instant pushedAt) {
        Instant explicit = started.get(key);
        return explicit != null ? explicit : scanOnPush ? pushedAt : null;
    }

    /** The label's findings; empty (a failing scan) for {@code FAILED}. Read outside the lock: it calls the registry. */
    private Optional<List<EcrSimulator.Finding>> fromLabel(String key, Supplier<Optional<String>> label) {
        Optional<String> value;
        synchronized (this) {
            value = labels.get(key);
        }
        if (value == null) {
            value = label.get();
            synchronized (this) {
                labels.put(key, value);
            }
        }
        if (value.isEmpty()) {
            return Optional.of(List.of());
        }
        if (value.get().trim().equals("FAILED")) {
            return Optional.empty();
        }
        return Optional.of(parse(value.get()));
    }

    /**
     * Parses the {@value #FINDINGS_LABEL} label. A malformed entry fails loudly (as an internal error of
     * the call), since it is a mistake in the demo's image, not something ECR would answer.
     */
    static List<EcrSimulator.Finding> parse(String label) {
        List<EcrSimulator.Finding> findings = new ArrayList<>();
        for (String entry : label.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", -1);
            if (parts.length < 4 || parts.length > 5) {
                throw new IllegalArgumentException("a " + FINDINGS_LABEL
                        + " entry is SEVERITY:NAME:PACKAGE:VERSION[:FIXED_VERSION], not " + entry);
            }
            String fixed = parts.length == 5 && !parts[4].isBlank() ? parts[4] : null;
            findings.add(new EcrSimulator.Finding(parts[1], parts[0], parts[2], parts[3], fixed, null));
        }
        return List.copyOf(findings);
    }

    /** A finding as DescribeImageScanFindings lists it (the attribute order of ECR's documented example). */
    static ObjectNode json(EcrSimulator.Finding finding) {
        ObjectNode node = AwsJson.object()
                .put("name", finding.name())
                .put("description", finding.packageName() + " " + finding.packageVersion() + " is affected by "
                        + finding.name() + ".")
                .put("uri", finding.uri())
                .put("severity", finding.severity());
        ArrayNode attributes = node.putArray("attributes");
        attributes.addObject().put("key", "package_version").put("value", finding.packageVersion());
        attributes.addObject().put("key", "package_name").put("value", finding.packageName());
        if (finding.fixedVersion() != null) {
            // Not an attribute of ECR's basic scanning (enhanced scanning reports fixedInVersion); the
            // simulator's addition, so that callers can show a fix.
            attributes.addObject().put("key", "fixed_version").put("value", finding.fixedVersion());
        }
        return node;
    }
}
