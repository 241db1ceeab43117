package dev.quayside.testing.aws;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a simulated ECR repository, as tests inspect it.
 *
 * @param region the region of the request that created it, which its ARN and URI name
 * @param imageTagMutability {@code MUTABLE} or {@code IMMUTABLE}
 * @param tags the resource tags given at creation, in order
 */
public record EcrRepository(
        String registryId,
        String name,
        String region,
        Instant createdAt,
        String imageTagMutability,
        boolean scanOnPush,
        Encryption encryption,
        Map<String, String> tags,
        Optional<String> lifecyclePolicyText) {

    /** @param type {@code AES256}, {@code KMS} or {@code KMS_DSSE}; {@code kmsKey} empty means the AWS managed key */
    public record Encryption(String type, Optional<String> kmsKey) {

        public static final Encryption AES256 = new Encryption("AES256", Optional.empty());

        public Encryption {
            Objects.requireNonNull(type);
            Objects.requireNonNull(kmsKey);
        }
    }

    public EcrRepository {
        Objects.requireNonNull(registryId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(region);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(imageTagMutability);
        Objects.requireNonNull(encryption);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(lifecyclePolicyText);
    }

    public String arn() {
        return "arn:aws:ecr:" + region + ":" + registryId + ":repository/" + name;
    }

    /** The repository URI AWS reports, {@code <registryId>.dkr.ecr.<region>.amazonaws.com/<name>}. */
    public String uri() {
        return registryId + ".dkr.ecr." + region + ".amazonaws.com/" + name;
    }

    EcrRepository withLifecyclePolicy(String text) {
        return new EcrRepository(registryId, name, region, createdAt, imageTagMutability, scanOnPush, encryption,
                tags, Optional.of(text));
    }
}
