package dev.quayside.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The service a deployment command acts on, and how long to watch it. */
final class ServiceOptions {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster (name or ARN).")
    String cluster;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service (name or ARN).")
    String service;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up watching after this long (e.g. 90s, 20m, 1h; default ${DEFAULT-VALUE}). ECS goes on regardless.")
    Duration timeout;

    @Option(names = "--log-lines", paramLabel = "N", defaultValue = "30",
            description = "When the deployment fails, show the last N log lines of each stopped task's essential containers (CloudWatch Logs); 0: none (default ${DEFAULT-VALUE}).")
    int logLines;
}
