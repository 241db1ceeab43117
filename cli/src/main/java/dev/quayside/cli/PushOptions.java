package dev.quayside.cli;

import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.RepositoryOptions;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.time.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The push options that push and release share. */
final class PushOptions {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image to push (see Sources below).")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Where to push it (see Target below).")
    String target;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "A tag to set; repeat for several (e.g. --tag 1.0 --tag latest).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--registry-id", paramLabel = "ACCOUNT", description = "The ECR registry's account id, when it is not in TARGET and not this account's.")
    String registryId;

    @Option(names = "--registry-endpoint", paramLabel = "URL", description = "Reach the registry at this URL instead of the one ECR names (a proxy, a local registry).")
    URI registryEndpoint;

    @Option(names = "--create-repository", description = "Create the ECR repository when it does not exist.")
    boolean createRepository;

    @Option(names = "--scan-on-push", paramLabel = "BOOL", arity = "1", defaultValue = "true", description = "For a created repository: scan images on push (default: ${DEFAULT-VALUE}).")
    boolean scanOnPush;

    @Option(names = "--encryption", paramLabel = "TYPE", description = "For a created repository: AES256 (default) or KMS.")
    String encryption;

    @Option(names = "--kms-key", paramLabel = "ARN", description = "For a created repository with KMS encryption: the key (default: the AWS managed key).")
    String kmsKey;

    @Option(names = "--tag-mutability", paramLabel = "MODE", description = "For a created repository: MUTABLE (default) or IMMUTABLE.")
    String tagMutability;

    @Option(names = "--lifecycle-policy", paramLabel = "FILE", description = "Apply this ECR lifecycle policy (JSON) to the repository.")
    Path lifecyclePolicy;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4", description = "Blobs uploaded at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "Give up on a registry request after this long, answer included (90s, 5m; default: ${DEFAULT-VALUE}); a layer upload gets more by its size.")
    String requestTimeout;

    @Option(names = "--mount-from", paramLabel = "REPOSITORY", description = "A repository of the same registry that may hold the blobs (mounted instead of uploaded); repeatable.")
    List<String> mountFrom = new ArrayList<>();


    /** The ECR push these options describe; checked before anything is sent. */
    EcrPushRequest ecrRequest() {
        return EcrPushRequest.builder()
                .source(ImageSourceSpec.parse("SOURCE", source))
                .target(ImageReference.parse("TARGET", target))
                .registryId(registryId)
                .tags(tags)
                .repositoryOptions(RepositoryOptions.builder().createIfMissing(createRepository).scanOnPush(scanOnPush)
                        .encryption(encryption).kmsKey(kmsKey).tagMutability(tagMutability).lifecyclePolicy(lifecyclePolicy).build())
                .registryEndpoint(registryEndpoint)
                .parallelism(parallelism)
                .requestTimeout(Durations.parse("--request-timeout", requestTimeout))
                .mountFrom(mountFrom)
                .build();
    }
}
