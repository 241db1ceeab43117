package dev.quayside.engine.scan;

import dev.quayside.engine.ecr.EcrHosts;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.registry.ImageReference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Wait for an image's ECR scan and judge it: fail when findings at or above {@code failOn} exist that
 * are not allowed (by id, each with a reason); without {@code failOn} the findings are only reported.
 */
public final class ScanGateRequest {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final String registryId;
    private final String repository;
    private final String digest;
    private final String tag;
    private final Severity failOn;
    private final Map<String, String> allowed;
    private final Duration timeout;
    private final Duration pollInterval;

    private ScanGateRequest(Builder b) {
        if (b.repository == null || b.repository.isBlank()) {
            throw QuaysideException.invalidInput("repository", "is required");
        }
        if ((b.digest == null) == (b.tag == null)) {
            throw QuaysideException.invalidInput("image", "give the image's digest or its tag (one of them)");
        }
        if (b.digest != null && !DIGEST.matcher(b.digest).matches()) {
            throw QuaysideException.invalidInput("image", "'" + b.digest + "' is not a sha256 digest");
        }
        if (b.timeout == null || b.timeout.isNegative() || b.timeout.isZero() || b.timeout.compareTo(Duration.ofHours(2)) > 0) {
            throw QuaysideException.invalidInput("scanTimeout", "must be more than 0 and at most 2h, was " + b.timeout);
        }
        this.registryId = b.registryId;
        this.repository = b.repository;
        this.digest = b.digest;
        this.tag = b.tag;
        this.failOn = b.failOn;
        this.allowed = Map.copyOf(b.allowed);
        this.timeout = b.timeout;
        this.pollInterval = Objects.requireNonNull(b.pollInterval);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A gate for {@code image} ({@code field} names it in errors): REPOSITORY:TAG or REPOSITORY@DIGEST (no tag:
     * latest), with the ECR host whose account it names, or without, in {@code registryId}'s registry (null: the
     * caller's own).
     */
    public static Builder forImage(String field, String image, String registryId) {
        ImageReference reference = ImageReference.parse(field, image);
        String registry = reference.registry().flatMap(EcrHosts::parse).map(EcrHosts::registryId).orElse(registryId);
        return builder().registryId(registry).repository(reference.repository()).digest(reference.digest().map(Object::toString).orElse(null))
                .tag(reference.digest().isPresent() ? null : reference.tag().orElse("latest"));
    }

    /** The region the ECR host of {@code image} names, if it names one. */
    public static Optional<String> regionOf(String field, String image) {
        return ImageReference.parse(field, image).registry().flatMap(EcrHosts::parse).map(EcrHosts::region);
    }

    public String registryId() {
        return registryId;
    }

    public String repository() {
        return repository;
    }

    public String digest() {
        return digest;
    }

    public String tag() {
        return tag;
    }

    /** The lowest severity that fails the gate; null: report only. */
    public Severity failOn() {
        return failOn;
    }

    /** Finding ids (e.g. CVE-2024-1234) allowed, each with its reason. */
    public Map<String, String> allowed() {
        return allowed;
    }

    public Duration timeout() {
        return timeout;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    /** The image as it is named in messages. */
    String image() {
        return repository + (digest != null ? "@" + digest : ":" + tag);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.registryId = registryId;
        b.repository = repository;
        b.digest = digest;
        b.tag = tag;
        b.failOn = failOn;
        b.allowed = new LinkedHashMap<>(allowed);
        b.timeout = timeout;
        b.pollInterval = pollInterval;
        return b;
    }

    public static final class Builder {
        private String registryId;
        private String repository;
        private String digest;
        private String tag;
        private Severity failOn;
        private Map<String, String> allowed = new LinkedHashMap<>();
        private Duration timeout = Duration.ofMinutes(10);
        private Duration pollInterval = Duration.ofSeconds(5);

        public Builder registryId(String registryId) {
            this.registryId = registryId;
            return this;
        }

        public Builder repository(String repository) {
            this.repository = repository;
            return this;
        }

        public Builder digest(String digest) {
            this.digest = digest;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder failOn(Severity severity) {
            this.failOn = severity;
            return this;
        }

        /** {@code ID} or {@code ID=reason} each (the reason is shown in the log). */
        public Builder allow(Iterable<String> entries) {
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                String id = (eq < 0 ? entry : entry.substring(0, eq)).trim();
                if (id.isEmpty()) {
                    throw QuaysideException.invalidInput("scanAllow", "'" + entry + "' names no finding (ID or ID=reason, e.g. CVE-2024-1234=not reachable)");
                }
                allowed.put(id, eq < 0 ? "allowed" : entry.substring(eq + 1).trim());
            }
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        public ScanGateRequest build() {
            return new ScanGateRequest(this);
        }
    }
}
