package dev.quayside.engine.ecr;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.errors.Secret;
import dev.quayside.engine.registry.RegistryCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/** GetAuthorizationToken for one or several (cross-account) registries, decoded into logins. */
public final class EcrAuthorizer {
    private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");

    private final EcrClient ecr;

    public EcrAuthorizer(EcrClient ecr) {
        this.ecr = ecr;
    }

    /** Checks registry ids before any call: each must be a 12-digit account id. */
    public static void checkRegistryIds(List<String> registryIds) {
        for (int i = 0; i < registryIds.size(); i++) {
            String id = registryIds.get(i);
            if (id == null || !REGISTRY_ID.matcher(id).matches()) {
                throw QuaysideException.invalidInput("registryIds[" + i + "]", "'" + id + "' is not a 12-digit AWS account id");
            }
        }
    }

    /** Logins for the given registries; an empty list means the caller's own account's registry. */
    public List<EcrLogin> authorize(List<String> registryIds) {
        checkRegistryIds(registryIds);
        String what = registryIds.isEmpty() ? "the default registry" : "registries " + String.join(", ", registryIds);
        GetAuthorizationTokenResponse response;
        try {
            response = registryIds.isEmpty()
                    ? ecr.getAuthorizationToken(b -> { })
                    : ecr.getAuthorizationToken(b -> b.registryIds(registryIds));
        } catch (SdkException e) {
            throw AwsErrors.translate("get an ECR authorization token for " + what, e);
        }
        List<EcrLogin> logins = new ArrayList<>();
        for (int i = 0; i < response.authorizationData().size(); i++) {
            AuthorizationData data = response.authorizationData().get(i);
            String id = i < registryIds.size() ? registryIds.get(i) : null;
            logins.add(decode(data, id));
        }
        if (logins.isEmpty()) {
            throw QuaysideException.of(Failure.REMOTE, "get an ECR authorization token for " + what, "ECR returned no authorization data", null);
        }
        return logins;
    }

    /**
     * Logs in to the registries and writes a Docker config for them: into {@code dir} when given (kept),
     * otherwise into a private temporary directory removed on close.
     */
    public DockerConfigDir writeDockerConfig(List<String> registryIds, Path dir) {
        checkRegistryIds(registryIds);
        List<EcrLogin> logins = authorize(registryIds);
        return dir == null ? DockerConfigDir.createTemporary(null, logins) : DockerConfigDir.writeInto(dir, logins);
    }

    /** Credentials for one registry that fetch a fresh token when the registry refuses the current one. */
    public RegistryCredentials credentials(EcrLogin first) {
        return new RegistryCredentials() {
            private volatile EcrLogin current = first;

            @Override
            public Optional<Login> current() {
                return Optional.of(current.asLogin());
            }

            @Override
            public Optional<Login> refresh() {
                List<String> ids = first.registryId() == null ? List.of() : List.of(first.registryId());
                current = authorize(ids).get(0);
                return current();
            }
        };
    }

    private static EcrLogin decode(AuthorizationData data, String registryId) {
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw QuaysideException.of(Failure.REMOTE, "decode the ECR authorization token", "it is not of the form user:password", null);
        }
        URI endpoint = URI.create(data.proxyEndpoint());
        String registry = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        String id = registryId != null ? registryId : registry.matches("[0-9]{12}\\..*") ? registry.substring(0, 12) : null;
        return EcrLogin.of(id, registry, endpoint, decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)), data.expiresAt());
    }
}
