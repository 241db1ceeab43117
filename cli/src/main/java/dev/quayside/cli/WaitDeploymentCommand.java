package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.Watch;
import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "wait-deployment", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Watch an ECS deployment (by default the service's current one) to a true verdict.",
                "Streams the service events and stopped tasks' reasons; unlike `aws ecs wait services-stable`, a rollback is a failure."},
        footer = {"", "Examples:",
                "  quayside wait-deployment --cluster prod --service myapp --timeout 15m",
                "  quayside wait-deployment --cluster prod --service myapp --deployment-id ecs-svc/1234567890123456789 --json",
                "  quayside wait-deployment --cluster prod --service web --service worker --service api   (exit code: the worst verdict)"})
final class WaitDeploymentCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    ServiceOptions target = new ServiceOptions();

    @Option(names = "--deployment-id", paramLabel = "ID", description = "The deployment to watch (ecs-svc/...); default: the service's PRIMARY one.")
    String deploymentId;

    @Override
    int execute(Console console) {
        if (deploymentId != null) {
            target.single("--deployment-id names the deployment of one service");
        }
        List<WatchRequest> requests = target.services.stream().map(service -> WatchRequest.builder().cluster(target.cluster).service(service)
                .deploymentId(deploymentId).timeout(target.timeout).logLines(target.logLines).build()).toList();
        AwsSettings settings = aws.settings(main.environment, null);
        try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            DeploymentWatcher watcher = new DeploymentWatcher(ecs, Scheduler.threads(2), main.clock, settings.region().id(),
                    new TaskLogs(ecs, logs, settings.region().id()));
            List<Watch> watches = new ArrayList<>();
            for (WatchRequest request : requests) {
                watches.add(watcher.watch(request, WatchCommands.linesOf(request.service(), requests.size(), console), state -> { }));
            }
            return WatchCommands.awaitAndReport(watches, console, output.json);
        }
    }
}
