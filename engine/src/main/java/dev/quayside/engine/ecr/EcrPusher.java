package dev.quayside.engine.ecr;

import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.registry.DockerCliPusher;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.ImageSources;
import dev.quayside.engine.registry.LoadedImage;
import dev.quayside.engine.registry.PushRequest;
import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.registry.RegistryPusher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Push to ECR: read and check the source, log in, make sure the repository exists (and apply its
 * options), refuse to overwrite a tag of an IMMUTABLE repository before anything is uploaded, then push
 * daemonless (or through the local docker for docker-daemon sources).
 */
public final class EcrPusher {
    private final EcrClient ecr;
    private final RegistryPusher pusher;
    private final Map<String, String> environment;
    private final ProgressListener listener;

    public EcrPusher(EcrClient ecr, RegistryPusher pusher, Map<String, String> environment, ProgressListener listener) {
        this.ecr = ecr;
        this.pusher = pusher;
        this.environment = Map.copyOf(environment);
        this.listener = listener;
    }

    public PushResult push(EcrPushRequest request) {
        boolean viaDocker = request.source().transport() == ImageSourceSpec.Transport.DOCKER_DAEMON;
        LoadedImage image = viaDocker ? null : ImageSources.open(request.source());
        DockerCliPusher docker = new DockerCliPusher(environment, listener);
        if (viaDocker) {
            docker.check(request.source().location(), request.tags());
        }

        EcrAuthorizer authorizer = new EcrAuthorizer(ecr);
        List<String> ids = request.registryId() == null ? List.of() : List.of(request.registryId());
        EcrLogin login = authorizer.authorize(ids).get(0);
        EcrRepositories repositories = new EcrRepositories(ecr, listener);
        if (viaDocker) {
            // Every docker call runs with the private config, as the push must, so that all of them reach the same daemon.
            try (DockerConfigDir config = DockerConfigDir.createTemporary(request.dockerConfigParent(), List.of(login))) {
                // The tag is the check that the daemon has the image, before the repository is created or changed.
                docker.tagFirst(request.source().location(), login.registry(), request.repository(), request.tags(), config.path());
                Repository repository = repositories.ensure(request.repository(), request.registryId(), request.repositoryOptions());
                // Without the digest before the push, this answers every tag or refuses.
                List<String> tags = tagsToPush(request, repositories, repository, null);
                return docker.push(request.source().location(), login.registry(), request.repository(), tags, config.path());
            }
        }
        Repository repository = repositories.ensure(request.repository(), request.registryId(), request.repositoryOptions());
        List<String> tags = tagsToPush(request, repositories, repository, image);
        if (tags.isEmpty()) {
            String uri = login.registry() + "/" + request.repository();
            listener.info("Every tag already points at " + image.digest() + " in " + uri + "; nothing to push");
            return PushResult.of(uri, image.digest(), image.root().descriptor().mediaType(), request.tags(), 0, image.blobs().size(), 0, 0);
        }

        PushRequest push = PushRequest.builder()
                .image(image)
                .registry(login.registry())
                .repository(request.repository())
                .tags(tags)
                .endpoint(request.registryEndpoint().orElse(login.endpoint()))
                .parallelism(request.parallelism())
                .requestTimeout(request.requestTimeout())
                .mountFrom(request.mountFrom())
                .build();
        PushResult pushed = pusher.push(push, authorizer.credentials(login));
        return PushResult.of(pushed.repositoryUri(), pushed.digest(), pushed.mediaType(), request.tags(),
                pushed.blobsUploaded(), pushed.blobsExisting(), pushed.blobsMounted(), pushed.bytesUploaded());
    }

    /**
     * In an IMMUTABLE repository a tag that exists may only be "pushed" again with the same digest
     * (then it is skipped); any other digest is refused before anything is uploaded.
     */
    private List<String> tagsToPush(EcrPushRequest request, EcrRepositories repositories, Repository repository, LoadedImage image) {
        if (!"IMMUTABLE".equals(repository.imageTagMutabilityAsString())) {
            return request.tags();
        }
        List<String> tags = new ArrayList<>();
        for (String tag : request.tags()) {
            Optional<String> existing = repositories.tagDigest(request.repository(), request.registryId(), tag);
            if (existing.isEmpty()) {
                tags.add(tag);
            } else if (image == null || !existing.get().equals(image.digest().toString())) {
                throw QuaysideException.of(Failure.REJECTED, "push " + request.source() + " as " + repository.repositoryUri() + ":" + tag,
                        "tag " + tag + " already exists (" + existing.get() + ") and the repository's tags are IMMUTABLE",
                        "Push a new tag (e.g. the build number or the commit), or make the repository's tags MUTABLE. Nothing was uploaded.");
            }
        }
        return tags;
    }
}
