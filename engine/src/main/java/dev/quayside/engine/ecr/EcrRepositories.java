package dev.quayside.engine.ecr;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** The ECR repository side of a push: make sure it exists, apply the lifecycle policy, look up tags. */
public final class EcrRepositories {
    private final EcrClient ecr;
    private final ProgressListener listener;

    public EcrRepositories(EcrClient ecr, ProgressListener listener) {
        this.ecr = ecr;
        this.listener = listener;
    }

    /** Finds the repository, creating it when missing if the options allow; applies the lifecycle policy. */
    public Repository ensure(String name, String registryId, RepositoryOptions options) {
        Repository repository = describe(name, registryId).orElse(null);
        boolean created = repository == null;
        if (repository == null) {
            if (!options.createIfMissing()) {
                throw QuaysideException.of(Failure.REJECTED, "push to ECR repository '" + name + "'",
                        "it does not exist in registry " + (registryId == null ? "of this account" : registryId),
                        "Create it, or let the push create it (--create-repository / createRepository: true).");
            }
            repository = create(name, registryId, options);
        }
        options.lifecyclePolicyText().ifPresent(text -> {
            try {
                ecr.putLifecyclePolicy(b -> b.repositoryName(name).registryId(registryId).lifecyclePolicyText(text));
            } catch (SdkException e) {
                // When the repository is new, say what is left behind: it exists now, without the policy; nothing was pushed.
                throw AwsErrors.translate("apply the lifecycle policy " + options.lifecyclePolicyFile().orElseThrow() + " to " + name, e, !created ? null
                        : "The repository " + name + " was created just now and is kept, without a lifecycle policy; nothing was pushed. "
                                + "Fix the policy and push again (the push finds the repository), or delete the repository.");
            }
            listener.onEvent(Event.of(Event.Level.INFO, "ecr.lifecycle",
                    "Applied lifecycle policy " + options.lifecyclePolicyFile().orElseThrow().getFileName() + " to " + name, Map.of("repository", name)));
        });
        return repository;
    }

    public Optional<Repository> describe(String name, String registryId) {
        try {
            return ecr.describeRepositories(b -> b.repositoryNames(name).registryId(registryId)).repositories().stream().findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("look up ECR repository '" + name + "'", e);
        }
    }

    private Repository create(String name, String registryId, RepositoryOptions options) {
        Repository created;
        try {
            created = ecr.createRepository(b -> b.repositoryName(name).registryId(registryId)
                    .imageTagMutability(options.tagMutability())
                    .imageScanningConfiguration(s -> s.scanOnPush(options.scanOnPush()))
                    .encryptionConfiguration(e -> e.encryptionType(EncryptionType.fromValue(options.encryption())).kmsKey(options.kmsKey().orElse(null))))
                    .repository();
        } catch (SdkException e) {
            throw AwsErrors.translate("create ECR repository '" + name + "'", e);
        }
        listener.onEvent(Event.of(Event.Level.INFO, "ecr.created", "Created ECR repository " + created.repositoryUri()
                + " (scan on push " + options.scanOnPush() + ", " + options.encryption() + ", tags " + options.tagMutability() + ")",
                Map.of("repositoryUri", created.repositoryUri())));
        return created;
    }

    /** The digest a tag points at in the repository, if the tag exists. */
    public Optional<String> tagDigest(String name, String registryId, String tag) {
        try {
            return ecr.describeImages(b -> b.repositoryName(name).registryId(registryId).imageIds(i -> i.imageTag(tag)))
                    .imageDetails().stream().findFirst().map(ImageDetail::imageDigest);
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("look up tag " + tag + " in ECR repository '" + name + "'", e);
        }
    }
}
