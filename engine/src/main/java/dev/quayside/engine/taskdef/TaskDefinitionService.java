package dev.quayside.engine.taskdef;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.preflight.Preflight;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads, renders and validates a task definition, then (unless only rendering) creates missing awslogs
 * log groups if asked and registers it. Nothing reaches AWS unless every check passed.
 */
public final class TaskDefinitionService {
    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final String region;
    private final ProgressListener listener;
    private final Preflight preflight;

    /** {@code ecs} and {@code logs} may be null when only rendering. */
    public TaskDefinitionService(EcsClient ecs, CloudWatchLogsClient logs, String region, ProgressListener listener) {
        this(ecs, logs, region, listener, null);
    }

    /** With a pre-flight of the images and log groups before registering (unless the request skips it). */
    public TaskDefinitionService(EcsClient ecs, CloudWatchLogsClient logs, String region, ProgressListener listener, Preflight preflight) {
        this.ecs = ecs;
        this.logs = logs;
        this.region = region;
        this.listener = listener;
        this.preflight = preflight;
    }

    public TaskDefinitionResult run(TaskDefinitionRequest request) {
        TaskDefinitionDocument rendered = TaskDefinitionRenderer.render(TaskDefinitionDocument.read(request.file()), request.overrides(), request.variables());
        TaskDefinitionValidator.Validated validated = TaskDefinitionValidator.validate(rendered);
        int size = rendered.sizeAsSent();
        if (size > TaskDefinitionDocument.MAX_REGISTERED_BYTES) {
            throw QuaysideException.invalidInput(rendered.source(), "is " + size + " bytes as sent, and ECS registers at most "
                    + TaskDefinitionDocument.MAX_REGISTERED_BYTES + " (64 KiB): move large values (environment, command) to Secrets Manager or "
                    + "SSM parameters (secrets), or shorten them");
        }
        validated.warnings().forEach(w -> listener.onEvent(Event.warning("taskdef.warning", "warning: " + w)));
        if (request.renderOnly()) {
            return new TaskDefinitionResult(rendered.toJson(), validated.warnings(), null);
        }
        RegisterTaskDefinitionRequest r = validated.request();
        if (preflight != null && request.preflight()) {
            preflight.check(TaskDefinition.builder().family(r.family()).containerDefinitions(r.containerDefinitions()).build(),
                    "register task definition family '" + r.family() + "'", request.createLogGroups());
        }
        if (request.createLogGroups()) {
            createLogGroups(r);
        }
        RegisteredTaskDefinition registered = register(validated.request());
        return new TaskDefinitionResult(rendered.toJson(), validated.warnings(), registered);
    }

    private RegisteredTaskDefinition register(RegisterTaskDefinitionRequest request) {
        TaskDefinition td;
        try {
            td = ecs.registerTaskDefinition(request).taskDefinition();
        } catch (SdkException e) {
            throw AwsErrors.translate("register task definition family '" + request.family() + "'", e);
        }
        RegisteredTaskDefinition registered = RegisteredTaskDefinition.of(td.taskDefinitionArn(), td.family(), td.revision());
        listener.onEvent(Event.of(Event.Level.INFO, "taskdef.registered", "Registered task definition " + registered.familyRevision() + " (" + registered.taskDefinitionArn() + ")",
                Map.of("taskDefinitionArn", registered.taskDefinitionArn(), "revision", registered.revision())));
        return registered;
    }

    /** CreateLogGroup for every awslogs group in our region; an existing group is fine. */
    private void createLogGroups(RegisterTaskDefinitionRequest request) {
        Set<String> groups = new LinkedHashSet<>();
        for (ContainerDefinition c : request.containerDefinitions()) {
            if (c.logConfiguration() == null || !"awslogs".equals(c.logConfiguration().logDriverAsString())) {
                continue;
            }
            Map<String, String> options = c.logConfiguration().options();
            String groupRegion = options.getOrDefault("awslogs-region", region);
            if (!groupRegion.equals(region)) {
                listener.onEvent(Event.warning("taskdef.loggroup", "warning: log group " + options.get("awslogs-group") + " is in " + groupRegion
                        + ", not " + region + "; not created"));
                continue;
            }
            groups.add(options.get("awslogs-group"));
        }
        for (String group : groups) {
            try {
                logs.createLogGroup(b -> b.logGroupName(group));
                listener.onEvent(Event.of(Event.Level.INFO, "taskdef.loggroup", "Created log group " + group, Map.of("logGroup", group)));
            } catch (ResourceAlreadyExistsException e) {
                listener.onEvent(Event.of(Event.Level.DEBUG, "taskdef.loggroup", "Log group " + group + " exists", Map.of("logGroup", group)));
            } catch (SdkException e) {
                throw AwsErrors.translate("create log group " + group, e);
            }
        }
    }
}
