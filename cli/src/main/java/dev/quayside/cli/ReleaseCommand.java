package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.Deployer;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.EcrPusher;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.registry.HttpClients;
import dev.quayside.engine.registry.RegistryPusher;
import dev.quayside.engine.scan.ScanGate;
import dev.quayside.engine.release.Release;
import dev.quayside.engine.release.ReleaseRequest;
import dev.quayside.engine.release.Releaser;
import dev.quayside.engine.taskdef.TaskDefinitionOverrides;
import dev.quayside.engine.taskdef.TaskDefinitionService;
import dev.quayside.engine.time.Scheduler;
import dev.quayside.engine.time.Sleeper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "release", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Push, register and deploy in one, as the example Jenkinsfile does.",
                "Pushes the image to ECR, registers the task definition with it, updates the service and watches the deployment."},
        footer = {"", "Examples:",
                "  quayside release oci:build/image myapp --tag 1.0 --tag latest --task-definition docs/examples/task-definition.json \\",
                "      --cluster prod --service myapp --timeout 20m --json",
                "  quayside release docker-archive:app.tar myapp:1.1 --task-definition td.yaml --container web --env web:VERSION=1.1 \\",
                "      --cluster prod --service web"})
final class ReleaseCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ServiceOptions target = new ServiceOptions();

    @Mixin
    PushOptions push = new PushOptions();

    @Option(names = "--task-definition", required = true, paramLabel = "FILE", description = "The task definition to register (.json, .yaml).")
    Path taskDefinition;

    @Option(names = "--container", paramLabel = "NAME", description = "A container that runs the pushed image; repeatable. Default: the only container, or those using the repository.")
    List<String> containers = new ArrayList<>();

    @Option(names = "--image", paramLabel = "CONTAINER=IMAGE", description = "Set another container's image; repeatable.")
    Map<String, String> images = new LinkedHashMap<>();

    @Option(names = "--env", paramLabel = "CONTAINER:NAME=VALUE", description = "Set an environment variable; repeatable.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--unset-env", paramLabel = "CONTAINER:NAME", description = "Remove an environment variable; repeatable.")
    List<String> unsetEnvironment = new ArrayList<>();

    @Option(names = "--family", paramLabel = "NAME", description = "Register under this family instead of the file's.")
    String family;

    @Option(names = "--create-log-groups", description = "Create missing awslogs log groups first.")
    boolean createLogGroups;

    @Option(names = "--desired-count", paramLabel = "N", description = "Also set the number of tasks.")
    Integer desiredCount;

    @Mixin
    ServiceDefinitionOptions definition = new ServiceDefinitionOptions();

    @Mixin
    ScanOptions scan = new ScanOptions();

    @Override
    int execute(Console console) {
        TaskDefinitionOverrides.Builder overrides = TaskDefinitionOverrides.builder().images(images).family(family);
        environment.forEach(overrides::setEnvironment);
        unsetEnvironment.forEach(overrides::removeEnvironment);
        EcrPushRequest pushRequest = push.ecrRequest();
        ReleaseRequest request = definition.apply(ReleaseRequest.builder().push(pushRequest).taskDefinitionFile(taskDefinition).containers(containers)
                .overrides(overrides.build()).variables(main.environment).createLogGroups(createLogGroups)
                .cluster(target.cluster).service(target.single("a release rolls out one service")).desiredCount(desiredCount).timeout(target.timeout).logLines(target.logLines)).scanGate(scan.template()).build();
        AwsSettings settings = aws.settings(main.environment, pushRequest.regionFromHost().orElse(null));
        try (EcrClient ecr = AwsClients.ecr(settings); EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings);
             RegistryPusher registryPusher = RegistryPusher.create(HttpClients.registryClient(main.environment), console, main.clock, Sleeper.REAL)) {
            DeploymentWatcher watcher = new DeploymentWatcher(ecs, Scheduler.threads(2), main.clock, settings.region().id(),
                    new TaskLogs(ecs, logs, settings.region().id()));
            Releaser releaser = new Releaser(new EcrPusher(ecr, registryPusher, main.environment, console),
                    new TaskDefinitionService(ecs, logs, settings.region().id(), console, new Preflight(ecr, logs, settings.region().id(), console)),
                    new Deployer(ecs, watcher, null), new ScanGate(ecr, main.clock, Sleeper.REAL, console));
            Release release = releaser.start(request, console, state -> { });
            Map<String, Object> pushedAndRegistered = new LinkedHashMap<>();
            pushedAndRegistered.put("imageUri", release.pushed().imageUri());
            pushedAndRegistered.put("digest", release.pushed().digest().toString());
            pushedAndRegistered.put("taskDefinitionArn", release.taskDefinition().taskDefinitionArn());
            pushedAndRegistered.put("revision", release.taskDefinition().revision());
            return WatchCommands.awaitAndReport(release.deployment(), console, output.json, pushedAndRegistered);
        }
    }
}
