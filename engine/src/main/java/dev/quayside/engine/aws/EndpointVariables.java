package dev.quayside.engine.aws;

import dev.quayside.engine.errors.QuaysideException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoint overrides from the build environment, named as the AWS SDKs and CLI name them:
 * {@code AWS_ENDPOINT_URL} for every service, {@code AWS_ENDPOINT_URL_ECR}, {@code _ECS},
 * {@code _CLOUDWATCH_LOGS}, {@code _STS} per service (a VPC endpoint, a proxy, a simulator), read
 * from the environment we are given; {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} turns them off.
 */
final class EndpointVariables {
    private static final Map<String, String> SERVICES = Map.of("ecr", "ECR", "ecs", "ECS", "logs", "CLOUDWATCH_LOGS", "sts", "STS");

    private EndpointVariables() {
    }

    static Map<String, URI> endpoints(Map<String, String> env) {
        Map<String, URI> out = new LinkedHashMap<>();
        if ("true".equalsIgnoreCase(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            return out;
        }
        SERVICES.forEach((service, suffix) -> {
            String name = "AWS_ENDPOINT_URL_" + suffix;
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                name = "AWS_ENDPOINT_URL";
                value = env.get(name);
            }
            if (value != null && !value.isBlank()) {
                out.put(service, uri(name, value.trim()));
            }
        });
        return out;
    }

    private static URI uri(String name, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw QuaysideException.invalidInput(name, "'" + value + "' is not an absolute URL (e.g. https://vpce-123.ecr.eu-west-1.vpce.amazonaws.com)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw QuaysideException.invalidInput(name, "'" + value + "' is not a URL: " + e.getReason());
        }
    }
}
