package dev.quayside.cli;

import dev.quayside.engine.aws.AwsSettings;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The AWS options every command shares. */
final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, then AWS_DEFAULT_REGION, then the region in an ECR host name).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send ECR API calls to this endpoint (a simulator, a VPC endpoint).")
    URI ecrEndpoint;

    AwsSettings settings(Map<String, String> env, String defaultRegion) {
        Map<String, URI> endpoints = new HashMap<>();
        if (ecrEndpoint != null) {
            endpoints.put("ecr", ecrEndpoint);
        }
        return AwsSettings.resolve(env, region, profile, null, endpoints).withDefaultRegion(defaultRegion);
    }
}
