package dev.quayside.jenkins.ecs;

import dev.quayside.engine.task.TaskRunner;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.report.ReleaseAction;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a one-off task ended as the build sees it: its result when every essential container exited 0, or why it
 * failed; the log line, the build page's entry, the step's result map and the freestyle variables.
 */
record TaskVerdict(String taskArn, String taskDefinition, TaskRunner.Result result, String failure, long durationMillis, String consoleUrl)
        implements Serializable {

    boolean succeeded() {
        return failure == null;
    }

    void report(Run<?, ?> run, TaskListener listener) {
        String seconds = durationMillis / 1000.0 + " s";
        String title = taskDefinition + (taskArn == null ? "" : " " + taskId());
        BuildLog.link(listener, (succeeded() ? "SUCCEEDED" : "FAILED") + " task " + title + " after " + seconds + ".", consoleUrl, "Task in the ECS console");
        ReleaseAction.of(run).task(title + ": " + (succeeded() ? "SUCCEEDED" : "FAILED"),
                succeeded() ? "exit codes " + result.exitCodes() + ", " + seconds : failure, consoleUrl);
    }

    String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** What ecsRunTask returns. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskArn", taskArn);
        m.put("taskId", taskId());
        m.put("taskDefinition", taskDefinition);
        m.put("exitCodes", new LinkedHashMap<>(result.exitCodes()));
        m.put("stopCode", result.stopCode());
        m.put("stoppedReason", result.stoppedReason());
        m.put("durationSeconds", durationMillis / 1000.0);
        m.put("consoleUrl", consoleUrl);
        return m;
    }

    /** What the freestyle build step exports. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ECS_TASK_ARN", String.valueOf(taskArn));
        env.put("ECS_TASK_VERDICT", succeeded() ? "SUCCEEDED" : "FAILED");
        return env;
    }
}
