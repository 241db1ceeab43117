package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.DeploymentResult;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.report.ReleaseAction;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deployment's verdict as the build sees it: the log lines, the summary, the result map, the variables. */
final class DeployResults {
    private DeployResults() {
    }

    /** Logs the verdict (with the stopped tasks and last events when it failed) and records it on the build page. */
    static void report(Run<?, ?> run, TaskListener listener, DeploymentResult r) {
        if (!r.succeeded()) {
            if (!r.stoppedTaskReasons().isEmpty()) {
                listener.getLogger().println("Stopped tasks of " + r.deploymentId() + ", by reason:");
                r.stoppedTaskReasons().forEach((reason, count) -> listener.getLogger().println("  " + count + " x " + reason));
            }
            r.taskLogs().forEach(t -> t.printed().forEach(listener.getLogger()::println));
            if (!r.lastEvents().isEmpty()) {
                listener.getLogger().println("Last service events:");
                r.lastEvents().forEach(e -> listener.getLogger().println("  " + e));
            }
        }
        BuildLog.link(listener, r.verdict() + " " + r.deploymentId() + " " + r.taskDefinition() + " after " + seconds(r) + " s.", r.consoleUrl(), "Service in the ECS console");
        ReleaseAction.of(run).deployment(r.service(), r.verdict().name(),
                "deployment " + r.deploymentId() + ", task definition " + r.taskDefinition() + ", " + seconds(r) + " s", r.consoleUrl());
    }

    /** What ecsDeploy and ecsWaitDeployment return. */
    static Map<String, Object> toMap(DeploymentResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", r.verdict().name());
        m.put("deploymentId", r.deploymentId());
        m.put("taskDefinition", r.taskDefinition());
        m.put("reason", r.reason());
        m.put("rolledBackTo", r.rolledBackTo());
        m.put("durationSeconds", seconds(r));
        m.put("cluster", r.cluster());
        m.put("service", r.service());
        m.put("stoppedTaskReasons", new LinkedHashMap<>(r.stoppedTaskReasons()));
        m.put("lastEvents", new ArrayList<>(r.lastEvents()));
        m.put("consoleUrl", r.consoleUrl());
        m.put("changes", new ArrayList<>(r.changes()));
        List<Map<String, Object>> logs = new ArrayList<>();
        r.taskLogs().forEach(t -> logs.add(new LinkedHashMap<>(Map.of("container", t.container(), "tasks", new ArrayList<>(t.taskIds()),
                "lines", new ArrayList<>(t.lines())))));
        m.put("taskLogs", logs);
        return m;
    }

    /** Why the build fails: the reason and the stopped tasks' reasons. */
    static String failureMessage(DeploymentResult r) {
        StringBuilder b = new StringBuilder("Deployment ").append(r.deploymentId() == null ? "" : r.deploymentId() + " ").append("of ").append(r.service())
                .append(' ').append(r.verdict()).append(": ").append(r.reason());
        if (!r.stoppedTaskReasons().isEmpty()) {
            b.append(" Stopped tasks:");
            r.stoppedTaskReasons().forEach((reason, count) -> b.append(' ').append(count).append(" x ").append(reason).append(';'));
        }
        return b.toString();
    }

    /** What the freestyle build step exports. */
    static Map<String, String> environment(DeploymentResult r) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ECS_DEPLOYMENT_ID", String.valueOf(r.deploymentId()));
        env.put("ECS_DEPLOYMENT_VERDICT", r.verdict().name());
        env.put("ECS_DEPLOYMENT_TASK_DEFINITION", String.valueOf(r.taskDefinition()));
        return env;
    }

    private static double seconds(DeploymentResult r) {
        return r.duration().toMillis() / 1000.0;
    }
}
