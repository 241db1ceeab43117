package dev.quayside.cli;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
            report(result, console, json);
            if (json) {
                console.json(json(result, extra));
            }
            return exitCode(result);
        } catch (QuaysideException e) {
            return interrupted(e, console);
        }
    }

    /**
     * Several watches at once (one for one service is as above): each verdict reported as it is known
     * here, the JSON a list in the order given, the exit code the worst of them (FAILED, then TIMED_OUT).
     */
    static int awaitAndReport(List<Watch> watches, Console console, boolean json) {
        if (watches.size() == 1) {
            return awaitAndReport(watches.get(0), console, json);
        }
        try {
            Supplier<List<DeploymentResult>> all = () -> watches.stream().map(Watch::await).toList();
            List<DeploymentResult> results = Signals.current() == null ? all.get() : Signals.current().during(() -> watches.forEach(Watch::cancel), all);
            int worst = ExitCodes.OK;
            List<Map<String, Object>> out = new ArrayList<>();
            for (DeploymentResult r : results) {
                report(r, console, json);
                out.add(json(r, Map.of()));
                int code = exitCode(r);
                worst = code == ExitCodes.FAILED || worst == ExitCodes.FAILED ? ExitCodes.FAILED : Math.max(worst, code);
            }
            if (json) {
                console.json(out);
            }
            return worst;
        } catch (QuaysideException e) {
            return interrupted(e, console);
        }
    }

    /** The lines of one watch among {@code count}: prefixed with its service when there are several. */
    static ProgressListener linesOf(String service, int count, Console console) {
        return count == 1 ? console : e -> console.onEvent(Event.of(e.level(), e.type(), "[" + service + "] " + e.message(), e.attributes()));
    }

    private static int exitCode(DeploymentResult r) {
        return r.succeeded() ? ExitCodes.OK : r.verdict() == DeploymentResult.Verdict.TIMED_OUT ? ExitCodes.TIMEOUT : ExitCodes.FAILED;
    }

    private static int interrupted(QuaysideException e, Console console) {
        if (e.failure() != Failure.INTERRUPTED) {
            throw e;
        }
        console.error("interrupted: " + e.getMessage());
        return ExitCodes.INTERRUPTED;
    }

    /** The failure's details on stderr; the verdict line on stdout unless the output is JSON. */
    private static void report(DeploymentResult r, Console console, boolean json) {
        if (!r.succeeded()) {
            if (!r.stoppedTaskReasons().isEmpty()) {
                console.error("Stopped tasks of " + r.deploymentId() + ", by reason:");
                r.stoppedTaskReasons().forEach((reason, count) -> console.error("  " + count + " x " + reason));
            }
            r.taskLogs().forEach(t -> t.printed().forEach(console::error));
            if (!r.lastEvents().isEmpty()) {
                console.error("Last service events:");
                r.lastEvents().forEach(e -> console.error("  " + e));
            }
            console.error("Console: " + r.consoleUrl());
        }
        if (json) {
            return;
        }
        // A service that is missing has no deployment or task definition to name: say what there is.
        console.result(r.verdict() + " " + (r.deploymentId() == null ? r.cluster() + "/" + r.service() : r.deploymentId())
                + (r.taskDefinition() == null ? "" : " " + r.taskDefinition()));
    }

    private static Map<String, Object> json(DeploymentResult r, Map<String, Object> extra) {
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
        return out;
    }
}
