package dev.quayside.cli;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.scan.Severity;
import dev.quayside.engine.time.Durations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The scan gate after a push (push, release): off unless --scan-fail-on is given. */
final class ScanOptions {
    @Option(names = "--scan-fail-on", paramLabel = "SEVERITY",
            description = "After the push, wait for the image's ECR scan and fail on findings at or above this severity (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED).")
    String failOn;

    @Option(names = "--scan-allow", paramLabel = "ID[=REASON]", description = "A finding the scan gate allows (e.g. CVE-2024-1234=not reachable); repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--scan-timeout", paramLabel = "DURATION", defaultValue = "10m", description = "How long to wait for the scan (default ${DEFAULT-VALUE}).")
    String timeout;

    /** The gate's request for the image pushed to {@code repository}, or null when the gate is off. */
    ScanGateRequest request(String registryId, String repository, String digest) {
        if (failOn == null) {
            if (!allow.isEmpty()) {
                throw QuaysideException.invalidInput("--scan-allow", "needs --scan-fail-on (the gate is off without it)");
            }
            return null;
        }
        return ScanGateRequest.builder().registryId(registryId).repository(repository).digest(digest).failOn(Severity.parse("--scan-fail-on", failOn))
                .allow(allow).timeout(Durations.parse("--scan-timeout", timeout)).build();
    }

    /** Checks the options before anything is pushed. */
    void check() {
        request(null, "check", "sha256:" + "0".repeat(64));
    }

    /** The gate as a release takes it (the image set after its push), or null when the gate is off. */
    ScanGateRequest.Builder template() {
        ScanGateRequest r = request(null, "check", "sha256:" + "0".repeat(64));
        return r == null ? null : r.toBuilder();
    }
}
