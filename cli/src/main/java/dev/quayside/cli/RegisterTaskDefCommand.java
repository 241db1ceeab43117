package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.taskdef.RegisteredTaskDefinition;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.taskdef.TaskDefinitionRequest;
import dev.quayside.engine.taskdef.TaskDefinitionResult;
import dev.quayside.engine.taskdef.TaskDefinitionService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "register-task-def", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Register an ECS task definition, checked before anything is sent.",
                "Reads the register-task-definition (--cli-input-json) format or describe-task-definition output, JSON or YAML;",
                "images and environment can be overridden and ${VAR} is taken from the environment."},
        footer = {"", "Examples:",
                "  quayside register-task-def docs/examples/task-definition.json --image myapp=123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.1",
                "  quayside register-task-def td.yaml --env myapp:FEATURE_X=on --unset-env myapp:DEBUG --create-log-groups --json",
                "  quayside register-task-def td.json --image-for-repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp=...:1.1 --render"})
final class RegisterTaskDefCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The task definition (.json, .yaml or .yml).")
    Path file;

    @Option(names = "--image", paramLabel = "CONTAINER=IMAGE", description = "Set the image of a container; repeatable.")
    Map<String, String> images = new LinkedHashMap<>();

    @Option(names = "--image-for-repository", paramLabel = "REPOSITORY=IMAGE", description = "Set the image of every container whose image is in REPOSITORY; repeatable.")
    Map<String, String> imagesByRepository = new LinkedHashMap<>();

    @Option(names = "--env", paramLabel = "CONTAINER:NAME=VALUE", description = "Set an environment variable (the value may contain '=' or be empty); repeatable.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--unset-env", paramLabel = "CONTAINER:NAME", description = "Remove an environment variable; repeatable.")
    List<String> unsetEnvironment = new ArrayList<>();

    @Option(names = "--family", paramLabel = "NAME", description = "Register under this family instead of the file's.")
    String family;

    @Option(names = "--create-log-groups", description = "Create missing awslogs log groups first (CloudWatch Logs).")
    boolean createLogGroups;

    @Option(names = "--render", description = "Print the final task definition JSON and stop; nothing is sent to AWS.")
    boolean render;

    @Option(names = "--skip-preflight", description = "Do not check that the ECR images and log groups exist before registering.")
    boolean skipPreflight;

    @Override
    int execute(Console console) {
        TaskDefinitionOverrides.Builder overrides = TaskDefinitionOverrides.builder().images(images).family(family);
        imagesByRepository.forEach(overrides::imageForRepository);
        environment.forEach(overrides::setEnvironment);
        unsetEnvironment.forEach(overrides::removeEnvironment);
        TaskDefinitionRequest request = TaskDefinitionRequest.builder().file(file).overrides(overrides.build())
                .variables(main.environment).createLogGroups(createLogGroups).renderOnly(render).preflight(!skipPreflight).build();
        TaskDefinitionResult result;
        if (render) {
            result = new TaskDefinitionService(null, null, null, console).run(request);
            console.result(result.renderedJson());
            return ExitCodes.OK;
        }
        AwsSettings settings = aws.settings(main.environment, null);
        try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings); EcrClient ecr = AwsClients.ecr(settings)) {
            result = new TaskDefinitionService(ecs, logs, settings.region().id(), console, new Preflight(ecr, logs, settings.region().id(), console)).run(request);
        }
        RegisteredTaskDefinition registered = result.registered().orElseThrow(() -> new IllegalStateException("registered nothing"));
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("taskDefinitionArn", registered.taskDefinitionArn());
            json.put("family", registered.family());
            json.put("revision", registered.revision());
            json.put("warnings", result.warnings());
            console.json(json);
        } else {
            console.result(registered.taskDefinitionArn());
        }
        return ExitCodes.OK;
    }
}
