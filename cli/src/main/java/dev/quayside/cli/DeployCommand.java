package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeployRequest;
import dev.quayside.engine.deploy.Deployer;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.preflight.Preflight;
import dev.quayside.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Update an ECS service and watch the deployment to a true verdict.",
                "Streams the service events and stopped tasks' reasons; exit 0 only when our deployment COMPLETED."},
        footer = {"", "Examples:",
                "  quayside deploy --cluster prod --service myapp --task-definition myapp:8 --timeout 20m",
                "  quayside deploy --cluster prod --service myapp --force-new-deployment --json",
                "  quayside deploy --cluster prod --service myapp --service-definition service.json --task-definition myapp:8 --create-cluster",
                "  quayside deploy --cluster prod --service myapp --task-definition myapp:8 --capacity-provider FARGATE_SPOT:3 --capacity-provider FARGATE:1:1",
                "  quayside deploy --cluster prod --service web --service worker --force-new-deployment   (each its own verdict; exit code: the worst)"})
final class DeployCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ServiceOptions target = new ServiceOptions();

    @Option(names = "--task-definition", paramLabel = "TD", description = "family, family:revision or ARN to roll out.")
    String taskDefinition;

    @Option(names = "--desired-count", paramLabel = "N", description = "Also set the number of tasks.")
    Integer desiredCount;

    @Option(names = "--force-new-deployment", description = "Start a new deployment even without a new task definition (e.g. to pull a moved tag).")
    boolean force;

    @Mixin
    ServiceDefinitionOptions definition = new ServiceDefinitionOptions();

    @Override
    int execute(Console console) {
        if (target.services.size() > 1 && definition.file != null) {
            throw QuaysideException.invalidInput("--service-definition", "a service definition file describes one service: give one --service");
        }
        // Every request is checked before any service changes.
        List<DeployRequest> requests = target.services.stream().map(service -> definition.apply(DeployRequest.builder().cluster(target.cluster)
                .service(service).taskDefinition(taskDefinition).desiredCount(desiredCount).forceNewDeployment(force).timeout(target.timeout)
                .variables(main.environment).logLines(target.logLines)).build()).toList();
        AwsSettings settings = aws.settings(main.environment, null);
        try (EcsClient ecs = AwsClients.ecs(settings); EcrClient ecr = AwsClients.ecr(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            DeploymentWatcher watcher = new DeploymentWatcher(ecs, Scheduler.threads(2), main.clock, settings.region().id(),
                    new TaskLogs(ecs, logs, settings.region().id()));
            Preflight preflight = new Preflight(ecr, logs, settings.region().id(), console);
            Deployer deployer = new Deployer(ecs, watcher, preflight);
            List<Watch> watches = new ArrayList<>();
            for (DeployRequest request : requests) {
                watches.add(deployer.deploy(request, WatchCommands.linesOf(request.service(), requests.size(), console), state -> { }));
            }
            return WatchCommands.awaitAndReport(watches, console, output.json);
        }
    }
}
