package dev.quayside.engine.ecr;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.PushRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A push to ECR: the source, the repository (with or without the registry host), tags and what may be
 * done to the repository first. Every field is checked when built, before anything reaches AWS.
 */
public final class EcrPushRequest {
    private final ImageSourceSpec source;
    private final String repository;
    private final String registryId;
    private final String registryHost;
    private final List<String> tags;
    private final RepositoryOptions repositoryOptions;
    private final URI registryEndpoint;
    private final int parallelism;
    private final Duration requestTimeout;
    private final List<String> mountFrom;
    private final Path dockerConfigParent;

    private EcrPushRequest(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        if (b.target == null) {
            throw QuaysideException.invalidInput("repository", "a target repository is required (e.g. myapp or 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp)");
        }
        this.repository = b.target.repository();
        this.registryHost = b.target.registry().orElse(null);
        Optional<EcrHosts> host = EcrHosts.parse(registryHost);
        if (registryHost != null && host.isEmpty()) {
            throw QuaysideException.invalidInput("repository", "'" + registryHost + "' is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com); "
                    + "give just the repository name to use this account's registry");
        }
        this.registryId = b.registryId != null ? b.registryId : host.map(EcrHosts::registryId).orElse(null);
        if (registryId != null) {
            EcrAuthorizer.checkRegistryIds(List.of(registryId));
        }
        LinkedHashSet<String> allTags = new LinkedHashSet<>();
        b.target.tag().ifPresent(allTags::add);
        allTags.addAll(b.tags);
        allTags.forEach(t -> ImageReference.checkTag("tags", t));
        if (allTags.isEmpty()) {
            throw QuaysideException.invalidInput("tags", "at least one tag is required (e.g. 1.0 and latest)");
        }
        this.tags = List.copyOf(allTags);
        this.repositoryOptions = b.repositoryOptions;
        this.registryEndpoint = b.registryEndpoint;
        if (b.parallelism < 1 || b.parallelism > 32) {
            throw QuaysideException.invalidInput("parallelism", "must be 1..32, was " + b.parallelism);
        }
        this.parallelism = b.parallelism;
        if (b.requestTimeout.isNegative() || b.requestTimeout.isZero() || b.requestTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw QuaysideException.invalidInput("requestTimeout", "must be more than 0 and at most 1h, was " + b.requestTimeout);
        }
        this.requestTimeout = b.requestTimeout;
        this.mountFrom = List.copyOf(b.mountFrom);
        this.dockerConfigParent = b.dockerConfigParent;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageSourceSpec source() {
        return source;
    }

    public String repository() {
        return repository;
    }

    /** The registry's account id when named (explicitly or by the host); null means the caller's own. */
    public String registryId() {
        return registryId;
    }

    /** The region named by an ECR host in the target, if any. */
    public Optional<String> regionFromHost() {
        return EcrHosts.parse(registryHost).map(EcrHosts::region);
    }

    public List<String> tags() {
        return tags;
    }

    public RepositoryOptions repositoryOptions() {
        return repositoryOptions;
    }

    /** Overrides the registry endpoint ECR names (a proxy or a local registry). */
    public Optional<URI> registryEndpoint() {
        return Optional.ofNullable(registryEndpoint);
    }

    public int parallelism() {
        return parallelism;
    }

    /** The bound on each registry request (a blob upload gets more, by its size). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public List<String> mountFrom() {
        return mountFrom;
    }

    /** Where docker-daemon pushes create their private DOCKER_CONFIG (null: the system temp dir). */
    public Path dockerConfigParent() {
        return dockerConfigParent;
    }

    public static final class Builder {
        private ImageSourceSpec source;
        private ImageReference target;
        private String registryId;
        private final List<String> tags = new ArrayList<>();
        private RepositoryOptions repositoryOptions = RepositoryOptions.NONE;
        private URI registryEndpoint;
        private int parallelism = 4;
        private Duration requestTimeout = PushRequest.DEFAULT_REQUEST_TIMEOUT;
        private final List<String> mountFrom = new ArrayList<>();
        private Path dockerConfigParent;

        public Builder source(ImageSourceSpec source) {
            this.source = source;
            return this;
        }

        /** {@code myapp[:tag]} or {@code <account>.dkr.ecr.<region>.amazonaws.com/myapp[:tag]}. */
        public Builder target(ImageReference target) {
            this.target = target;
            return this;
        }

        public Builder registryId(String registryId) {
            this.registryId = registryId;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags.addAll(tags);
            return this;
        }

        public Builder repositoryOptions(RepositoryOptions options) {
            this.repositoryOptions = Objects.requireNonNull(options);
            return this;
        }

        public Builder registryEndpoint(URI endpoint) {
            this.registryEndpoint = endpoint;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        public Builder mountFrom(List<String> repositories) {
            this.mountFrom.addAll(repositories);
            return this;
        }

        public Builder dockerConfigParent(Path dir) {
            this.dockerConfigParent = dir;
            return this;
        }

        public EcrPushRequest build() {
            return new EcrPushRequest(this);
        }
    }
}
