package dev.quayside.cli;

import dev.quayside.engine.aws.AwsClients;
import dev.quayside.engine.ecr.DockerConfigDir;
import dev.quayside.engine.ecr.EcrAuthorizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ecr.EcrClient;

@Command(name = "ecr-login", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Log in to ECR and write a private Docker config; prints the directory to use as DOCKER_CONFIG.",
                "The token never appears on a command line or in ~/.docker."},
        footer = {"", "Examples:",
                "  export DOCKER_CONFIG=$(quayside ecr-login --region eu-west-1)",
                "  quayside ecr-login --registry-id 111111111111 --registry-id 222222222222 --dir /tmp/ecr-auth",
                "  docker --config \"$(quayside ecr-login)\" push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0"})
final class EcrLoginCommand extends EngineCommand {
    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--registry-id", paramLabel = "ACCOUNT", description = "Registry (12-digit account id) to log in to; repeat for several (cross-account). Default: this account's.")
    List<String> registryIds = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Write config.json into this directory (created 0700). Default: a new private temporary directory.")
    Path dir;

    @Override
    int execute(Console console) throws Exception {
        EcrAuthorizer.checkRegistryIds(registryIds);
        Path target = dir != null ? dir
                : Files.createTempDirectory("quayside-docker-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DockerConfigDir config;
        try (EcrClient ecr = AwsClients.ecr(aws.settings(main.environment, null))) {
            config = new EcrAuthorizer(ecr).writeDockerConfig(registryIds, target);
        } catch (RuntimeException e) {
            if (dir == null) {
                Files.deleteIfExists(target);
            }
            throw e;
        }
        console.info("Logged in to " + String.join(", ", config.registries()) + "; Docker config written to " + config.configFile());
        if (output.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dockerConfig", config.path().toString());
            result.put("registries", config.registries());
            console.json(result);
        } else {
            console.result(config.path().toString());
        }
        return ExitCodes.OK;
    }
}
