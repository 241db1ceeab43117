package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.deploy.DeploymentWatcher;
import dev.quayside.engine.deploy.WatchRequest;
import dev.quayside.engine.time.Scheduler;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "wait-deployment", mixinStandardHelpOptions = true,
        description = {"Watch a deployment of an ECS service (by default its current one) to a true verdict, streaming the",
                "service events and stopped tasks' reasons. Unlike `aws ecs wait services-stable`, a rollback is a failure."},
        footer = {"", "Examples:",
                "  quayside wait-deployment --cluster prod --service myapp --timeout 15m",
                "  quayside wait-deployment --cluster prod --service myapp --deployment-id ecs-svc/1234567890123456789 --json"})
final class WaitDeploymentCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster (name or ARN).")
    String cluster;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service (name or ARN).")
    String service;

    @Option(names = "--deployment-id", paramLabel = "ID", description = "The deployment to watch (ecs-svc/...); default: the service's PRIMARY one.")
    String deploymentId;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Durations.class,
            description = "Give up watching after this long (e.g. 90s, 20m, 1h; default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int execute(Console console) {
        WatchRequest request = WatchRequest.builder().cluster(cluster).service(service).deploymentId(deploymentId).timeout(timeout).build();
        AwsSettings settings = aws.settings(main.environment, null);
        try (EcsClient ecs = AwsClients.ecs(settings)) {
            DeploymentWatcher watcher = new DeploymentWatcher(ecs, Scheduler.threads(1), main.clock, settings.region().id());
            return WatchCommands.awaitAndReport(watcher.watch(request, console, state -> { }), console, output.json);
        }
    }
}
