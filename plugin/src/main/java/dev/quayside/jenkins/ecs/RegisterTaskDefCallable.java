package dev.quayside.jenkins.ecs;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.taskdef.TaskDefinitionRequest;
import dev.quayside.engine.taskdef.TaskDefinitionService;
import dev.quayside.jenkins.aws.AwsTarget;
import dev.quayside.jenkins.report.BuildLog;
import dev.quayside.jenkins.util.AgentWork;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/** On the agent, in the workspace: read, render, validate, pre-flight (images, log groups) and register a task definition. */
final class RegisterTaskDefCallable extends MasterToSlaveFileCallable<TaskDefSummary> {
    private static final long serialVersionUID = 1L;

    private final AwsTarget target;
    private final HashMap<String, String> environment;
    private final TaskDefSpec spec;
    private final TaskListener listener;

    RegisterTaskDefCallable(AwsTarget target, Map<String, String> environment, TaskDefSpec spec, TaskListener listener) {
        this.target = target;
        this.environment = new HashMap<>(environment);
        this.spec = spec;
        this.listener = listener;
    }

    @Override
    public TaskDefSummary invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        return AgentWork.run(() -> {
            TaskDefinitionRequest request = spec.request(workspace.toPath(), environment);
            AwsSettings settings = target.settings(environment, null);
            BuildLog.identity(listener, settings);
            try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings); EcrClient ecr = AwsClients.ecr(settings)) {
                Preflight preflight = new Preflight(ecr, logs, settings.region().id(), BuildLog.to(listener));
                return new TaskDefSummary(new TaskDefinitionService(ecs, logs, settings.region().id(), BuildLog.to(listener), preflight).run(request).registered()
                        .orElseThrow(() -> QuaysideException.of(Failure.REMOTE, "register " + request.file(), "nothing was registered", null)));
            }
        });
    }
}
