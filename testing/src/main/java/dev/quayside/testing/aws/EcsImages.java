package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container image references, and whether the registry the ECR simulator fronts holds them: what
 * {@link Scenario#AUTO} needs to fail a deployment whose tag was never pushed.
 */
final class EcsImages {
    /** An image config label that makes {@link Scenario#AUTO} behave as the named scenario. */
    static final String SCENARIO_LABEL = "dev.quayside.simulator.scenario";
    /** An image config label with the exit code a RunTask task of the image ends with (the demo's failing migration). */
    static final String EXIT_CODE_LABEL = "dev.quayside.simulator.exit-code";

    private static final Pattern ECR_HOST =
            Pattern.compile("([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?");

    /** A parsed reference: registry host (null for Docker Hub), repository, and tag or digest. */
    record Reference(String host, String repository, String reference) {

        static Reference parse(String image) {
            String name = image;
            String reference = "latest";
            int at = image.indexOf('@');
            if (at >= 0) {
                name = image.substring(0, at);
                reference = image.substring(at + 1);
            } else {
                int colon = image.lastIndexOf(':');
                if (colon > image.lastIndexOf('/')) {
                    name = image.substring(0, colon);
                    reference = image.substring(colon + 1);
                }
            }
            int slash = name.indexOf('/');
            if (slash > 0) {
                String first = name.substring(0, slash);
                if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                    return new Reference(first, name.substring(slash + 1), reference);
                }
            }
            return new Reference(null, name, reference);
        }

        /** The reference as containerd resolves it, Docker Hub names expanded: what pull errors name. */
        String resolved() {
            String separator = reference.contains(":") ? "@" : ":";
            if (host != null) {
                return host + "/" + repository + separator + reference;
            }
            return "docker.io/" + (repository.contains("/") ? repository : "library/" + repository) + separator + reference;
        }
    }

    private final String accountId;
    private volatile EcrSimulator ecr;

    EcsImages(String accountId) {
        this.accountId = accountId;
    }

    void ecr(EcrSimulator ecr) {
        this.ecr = ecr;
    }

    /**
     * Whether the image is known to be missing: it names the fronted registry (by its host or as an ECR
     * host of this account) and the registry has no such manifest, or cannot be read. Images anywhere
     * else, or when no registry is fronted, count as present.
     */
    boolean missing(String image, String region) {
        EcrSimulator fronting = ecr;
        if (fronting == null) {
            return false;
        }
        JsonNode data = fronting.handle(new AwsRequest(EcrSimulator.TARGET_PREFIX, "GetAuthorizationToken", region,
                null, AwsJson.object())).path("authorizationData").path(0);
        URI registry = URI.create(data.path("proxyEndpoint").asText());
        // Without a fronted registry the ECR simulator hands out its AWS-style endpoint, which no one serves.
        if (registry.getHost() == null || registry.getHost().endsWith(".amazonaws.com")) {
            return false;
        }
        Reference reference = Reference.parse(image);
        if (reference.host() == null || !names(registry, reference.host())) {
            return false;
        }
        String credentials = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText()),
                StandardCharsets.UTF_8);
        RegistryClient client = new RegistryClient(registry, credentials.substring(credentials.indexOf(':') + 1));
        try {
            return client.manifest(reference.repository(), reference.reference()).isEmpty();
        } catch (AwsError unreachable) {
            // ECS could not pull from a registry it cannot reach either.
            return true;
        }
    }

    private boolean names(URI registry, String host) {
        if (host.equalsIgnoreCase(registry.getAuthority())) {
            return true;
        }
        Matcher ecrHost = ECR_HOST.matcher(host);
        return ecrHost.matches() && ecrHost.group(1).equals(accountId);
    }

    /**
     * The scenario the first container's image asks for with the config label {@link #SCENARIO_LABEL}
     * (e.g. an image built to fail its health check, for a demo that runs the simulator as a process),
     * if it is in the fronted registry and has one.
     */
    Optional<Scenario> labelled(JsonNode taskDefinition, String region) {
        String image = taskDefinition.path("containerDefinitions").path(0).path("image").asText("");
        try {
            return label(image, region, SCENARIO_LABEL).map(Scenario::valueOf);
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /**
     * The exit code the first container's image asks a RunTask task to end with, by the config label
     * {@link #EXIT_CODE_LABEL}, if it is in the fronted registry and has a number there.
     */
    Optional<Integer> labelledExitCode(JsonNode taskDefinition, String region) {
        String image = taskDefinition.path("containerDefinitions").path(0).path("image").asText("");
        try {
            return label(image, region, EXIT_CODE_LABEL).map(value -> Integer.parseInt(value.trim()));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /** A config label of the image, if it names the fronted registry, is there and has the label. */
    Optional<String> label(String image, String region, String label) {
        EcrSimulator fronting = ecr;
        if (fronting == null || image.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data = fronting.handle(new AwsRequest(EcrSimulator.TARGET_PREFIX, "GetAuthorizationToken", region,
                null, AwsJson.object())).path("authorizationData").path(0);
        URI registry = URI.create(data.path("proxyEndpoint").asText());
        Reference reference = Reference.parse(image);
        if (registry.getHost() == null || registry.getHost().endsWith(".amazonaws.com") || reference.host() == null || !names(registry, reference.host())) {
            return Optional.empty();
        }
        String credentials = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText()), StandardCharsets.UTF_8);
        RegistryClient client = new RegistryClient(registry, credentials.substring(credentials.indexOf(':') + 1));
        try {
            return client.label(reference.repository(), reference.reference(), label);
        } catch (AwsError | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** The first image of the task definition's containers that {@link #missing} reports, if any. */
    Optional<String> firstMissing(JsonNode taskDefinition, String region) {
        for (JsonNode container : taskDefinition.path("containerDefinitions")) {
            String image = container.path("image").asText("");
            if (!image.isEmpty() && missing(image, region)) {
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }
}
