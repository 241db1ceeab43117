package dev.quayside.cli;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What deploy and wait-deployment share: waiting with Ctrl-C handled, and reporting the verdict. */
final class WatchCommands {
    private WatchCommands() {
    }

    /**
     * Waits for the verdict. On Ctrl-C the watch stops and says where the deployment was; the JVM then
     * exits with 130 once that line is printed (see {@link Signals}).
     */
    static int awaitAndReport(Watch watch, Console console, boolean json) {
        return awaitAndReport(watch, console, json, Map.of());
    }

    /** As above; {@code extra} fields go first in the JSON result (e.g. what a release pushed). */
    static int awaitAndReport(Watch watch, Console console, boolean json, Map<String, Object> extra) {
        try {
            DeploymentResult result = Signals.current() == null ? watch.await() : Signals.current().during(watch::cancel, watch::await);
            report(result, console, json, extra);
            return result.succeeded() ? ExitCodes.OK : result.verdict() == DeploymentResult.Verdict.TIMED_OUT ? ExitCodes.TIMEOUT : ExitCodes.FAILED;
        } catch (QuaysideException e) {
            if (e.failure() != Failure.INTERRUPTED) {
                throw e;
            }
            console.error("interrupted: " + e.getMessage());
            return ExitCodes.INTERRUPTED;
        }
    }

    private static void report(DeploymentResult r, Console console, boolean json, Map<String, Object> extra) {
        if (!r.succeeded()) {
            if (!r.stoppedTaskReasons().isEmpty()) {
                console.error("Stopped tasks of " + r.deploymentId() + ", by reason:");
                r.stoppedTaskReasons().forEach((reason, count) -> console.error("  " + count + " x " + reason));
            }
            r.taskLogs().forEach(t -> {
                console.error(t.heading());
                t.lines().forEach(line -> console.error("  | " + line));
            });
            if (!r.lastEvents().isEmpty()) {
                console.error("Last service events:");
                r.lastEvents().forEach(e -> console.error("  " + e));
            }
            console.error("Console: " + r.consoleUrl());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>(extra);
            out.put("verdict", r.verdict().name());
            out.put("reason", r.reason());
            out.put("cluster", r.cluster());
            out.put("service", r.service());
            out.put("deploymentId", r.deploymentId());
            out.put("taskDefinition", r.taskDefinition());
            out.put("rolledBackTo", r.rolledBackTo());
            out.put("stoppedTaskReasons", r.stoppedTaskReasons());
            out.put("lastEvents", r.lastEvents());
            out.put("durationSeconds", r.duration().toMillis() / 1000.0);
            out.put("consoleUrl", r.consoleUrl());
            out.put("changes", r.changes());
            out.put("taskLogs", r.taskLogs().stream().map(t -> Map.of("container", t.container(), "tasks", t.taskIds(), "lines", t.lines())).toList());
            console.json(out);
        } else {
            // A service that is missing has no deployment or task definition to name: say what there is.
            console.result(r.verdict() + " " + (r.deploymentId() == null ? r.cluster() + "/" + r.service() : r.deploymentId())
                    + (r.taskDefinition() == null ? "" : " " + r.taskDefinition()));
        }
    }
}
