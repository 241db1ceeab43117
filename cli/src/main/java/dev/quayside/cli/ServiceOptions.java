package dev.quayside.cli;

import dev.quayside.engine.errors.QuaysideException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The services a deployment command acts on, and how long to watch them. */
final class ServiceOptions {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster (name or ARN).")
    String cluster;

    @Option(names = "--service", required = true, paramLabel = "NAME",
            description = "The service (name or ARN); repeatable where a command watches several at once (their DescribeServices calls are shared).")
    List<String> services = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Give up watching after this long (e.g. 90s, 20m, 1h; default ${DEFAULT-VALUE}). ECS goes on regardless.")
    Duration timeout;

    @Option(names = "--log-lines", paramLabel = "N", defaultValue = "30",
            description = "When the deployment fails, show the last N log lines of each stopped task's essential containers (CloudWatch Logs); 0: none (default ${DEFAULT-VALUE}).")
    int logLines;

    /** The one service of a command that takes one; {@code why} says what more would mean. */
    String single(String why) {
        if (services.size() != 1) {
            throw QuaysideException.invalidInput("--service", "give one service: " + why);
        }
        return services.get(0);
    }
}
