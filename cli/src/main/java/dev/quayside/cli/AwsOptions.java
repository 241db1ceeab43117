package dev.quayside.cli;

import dev.quayside.engine.aws.AwsSettings;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The AWS options every command shares. */
final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION, then AWS_DEFAULT_REGION, then the region in an ECR host name).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE).")
    String profile;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "Assume this IAM role on top of the credentials found.")
    String roleArn;

    @Option(names = "--external-id", paramLabel = "ID", description = "External id for --role-arn.")
    String externalId;

    @Option(names = "--role-session-name", paramLabel = "NAME", description = "Session name for --role-arn (default: quayside).")
    String roleSessionName;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS API call to this endpoint (a simulator, a proxy); the per-service options below win.")
    URI endpoint;

    @Option(names = "--ecr-endpoint-url", paramLabel = "URL", description = "Send ECR API calls to this endpoint (e.g. a VPC endpoint).")
    URI ecrEndpoint;

    @Option(names = "--ecs-endpoint-url", paramLabel = "URL", description = "Send ECS API calls to this endpoint.")
    URI ecsEndpoint;

    @Option(names = "--logs-endpoint-url", paramLabel = "URL", description = "Send CloudWatch Logs API calls to this endpoint.")
    URI logsEndpoint;

    AwsSettings settings(Map<String, String> env, String defaultRegion) {
        Map<String, URI> endpoints = new HashMap<>();
        // STS too: a role assumed for these calls goes to the same endpoint, never past it to the real one.
        for (String service : new String[] {"ecr", "ecs", "logs", "sts"}) {
            if (endpoint != null) {
                endpoints.put(service, endpoint);
            }
        }
        putIfSet(endpoints, "ecr", ecrEndpoint);
        putIfSet(endpoints, "ecs", ecsEndpoint);
        putIfSet(endpoints, "logs", logsEndpoint);
        return AwsSettings.resolve(env, region, profile, null, endpoints).withDefaultRegion(defaultRegion)
                .withAssumedRole(roleArn, externalId, roleSessionName, Clock.systemUTC());
    }

    private static void putIfSet(Map<String, URI> endpoints, String service, URI uri) {
        if (uri != null) {
            endpoints.put(service, uri);
        }
    }
}
