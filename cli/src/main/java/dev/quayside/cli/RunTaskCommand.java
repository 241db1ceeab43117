package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.task.RunTaskRequest;
import dev.quayside.engine.task.TaskRunner;
import dev.quayside.engine.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "run-task", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run a one-off task (e.g. a database migration) to its end.",
                "Streams its states and its containers' log lines; exit 0 only when every essential container exited 0."},
        footer = {"", "Examples:",
                "  quayside run-task --cluster prod --task-definition myapp-migrate --network-from-service myapp --container app -- npm run migrate",
                "  quayside run-task --cluster prod --task-definition migrate:7 --subnet subnet-0abc1234def567890 --security-group sg-0123456789abcdef0 --json"})
final class RunTaskCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster.")
    String cluster;

    @Option(names = "--task-definition", required = true, paramLabel = "TD", description = "family, family:revision or ARN.")
    String taskDefinition;

    @Option(names = "--network-from-service", paramLabel = "SERVICE", description = "Run in this service's subnets and security groups, with its capacity providers.")
    String networkFromService;

    @Option(names = "--subnet", paramLabel = "ID", description = "A subnet to run in; repeatable (instead of --network-from-service).")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--security-group", paramLabel = "ID", description = "A security group; repeatable.")
    List<String> securityGroups = new ArrayList<>();

    @Option(names = "--assign-public-ip", description = "Give the task a public IP (a public subnet without NAT).")
    boolean assignPublicIp;

    @Option(names = "--capacity-provider", paramLabel = "NAME[:WEIGHT[:BASE]]", description = "A capacity provider strategy item; repeatable.")
    List<String> capacityProviders = new ArrayList<>();

    @Option(names = "--container", paramLabel = "NAME", description = "The container whose command the arguments after -- replace.")
    String container;

    @Option(names = "--env", paramLabel = "CONTAINER:NAME=VALUE", description = "Set an environment variable; repeatable.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--started-by", paramLabel = "TAG", defaultValue = "quayside", description = "The task's startedBy (default ${DEFAULT-VALUE}).")
    String startedBy;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Stop the task (StopTask) and fail after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "After --: the command for --container.")
    List<String> command = new ArrayList<>();

    @Override
    int execute(Console console) {
        if (!command.isEmpty() && container == null) {
            throw QuaysideException.invalidInput("--container", "name the container whose command the arguments after -- replace");
        }
        RunTaskRequest.Builder b = RunTaskRequest.builder().cluster(cluster).taskDefinition(taskDefinition).networkFromService(networkFromService)
                .subnets(subnets).securityGroups(securityGroups).assignPublicIp(assignPublicIp).capacityProviders(capacityProviders)
                .startedBy(startedBy).timeout(timeout);
        if (!command.isEmpty()) {
            b.command(container, command);
        }
        environment.forEach(b::setEnvironment);
        RunTaskRequest request = b.build();
        AwsSettings settings = aws.settings(main.environment, null);
        try (EcsClient ecs = AwsClients.ecs(settings); CloudWatchLogsClient logs = AwsClients.logs(settings)) {
            TaskRunner.Result result = new TaskRunner(ecs, logs, main.clock, Sleeper.REAL, console).run(request);
            if (output.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("taskArn", result.taskArn());
                json.put("exitCodes", result.exitCodes());
                json.put("stopCode", result.stopCode());
                json.put("stoppedReason", result.stoppedReason());
                console.json(json);
            } else {
                console.result(result.taskArn() + " " + result.exitCodes());
            }
            return ExitCodes.OK;
        }
    }
}
