package dev.quayside.cli;

import dev.quayside.engine.deploy.DeployRequest;
import dev.quayside.engine.release.ReleaseRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How deploy and release create or update the service: its definition file, capacity providers, the pre-flight. */
final class ServiceDefinitionOptions {
    @Option(names = "--service-definition", paramLabel = "FILE",
            description = "Create the service from this file (create-service --cli-input-json format or describe-services output, .json or .yaml), "
                    + "or update it with every field UpdateService can change.")
    Path file;

    @Option(names = "--create-cluster", description = "Create the cluster (with FARGATE and FARGATE_SPOT) when it does not exist; needs --service-definition.")
    boolean createCluster;

    @Option(names = "--capacity-provider", paramLabel = "NAME[:WEIGHT[:BASE]]",
            description = "A capacity provider strategy item, repeatable (e.g. FARGATE_SPOT:3 and FARGATE:1:1); replaces the file's and the service's.")
    List<String> capacityProviders = new ArrayList<>();

    @Option(names = "--skip-preflight", description = "Do not check that the task definition's ECR images and log groups exist before changing anything.")
    boolean skipPreflight;

    DeployRequest.Builder apply(DeployRequest.Builder b) {
        return b.serviceDefinition(file).createCluster(createCluster).capacityProviders(capacityProviders).preflight(!skipPreflight);
    }

    ReleaseRequest.Builder apply(ReleaseRequest.Builder b) {
        return b.serviceDefinition(file).createCluster(createCluster).capacityProviders(capacityProviders).preflight(!skipPreflight);
    }
}
