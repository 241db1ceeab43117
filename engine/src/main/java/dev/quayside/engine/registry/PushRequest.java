package dev.quayside.engine.registry;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.time.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** What to push where: an image read from files, the target repository, its tags and how. */
public final class PushRequest {
    private final LoadedImage image;
    private final String registry;
    private final String repository;
    private final List<String> tags;
    private final URI endpoint;
    private final int parallelism;
    private final List<String> mountFrom;
    private final Backoff retries;
    /** Each registry request, body included; a blob upload gets more by its size (see RegistryClient). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final Duration requestTimeout;

    private PushRequest(Builder b) {
        this.image = Objects.requireNonNull(b.image, "image");
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.repository = Objects.requireNonNull(b.repository, "repository");
        ImageReference.of(registry, repository, null);
        this.tags = List.copyOf(new LinkedHashSet<>(b.tags));
        this.tags.forEach(t -> ImageReference.checkTag("tags", t));
        this.endpoint = b.endpoint != null ? b.endpoint : defaultEndpoint(registry);
        if (b.parallelism < 1 || b.parallelism > 32) {
            throw QuaysideException.invalidInput("parallelism", "must be 1..32, was " + b.parallelism);
        }
        this.parallelism = b.parallelism;
        this.mountFrom = List.copyOf(b.mountFrom);
        this.retries = b.retries;
        this.requestTimeout = b.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Plain HTTP only on loopback (a local registry); everything else is HTTPS. */
    static URI defaultEndpoint(String registry) {
        String host = registry.replaceAll(":[0-9]+$", "");
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return URI.create((loopback ? "http://" : "https://") + registry);
    }

    public LoadedImage image() {
        return image;
    }

    /** Host[:port] as it appears in image references. */
    public String registry() {
        return registry;
    }

    public String repository() {
        return repository;
    }

    /** Tags to point at the image; empty pushes by digest only. */
    public List<String> tags() {
        return tags;
    }

    public URI endpoint() {
        return endpoint;
    }

    public int parallelism() {
        return parallelism;
    }

    public List<String> mountFrom() {
        return mountFrom;
    }

    public Backoff retries() {
        return retries;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public String repositoryUri() {
        return registry + "/" + repository;
    }

    public static final class Builder {
        private LoadedImage image;
        private String registry;
        private String repository;
        private final List<String> tags = new ArrayList<>();
        private URI endpoint;
        private int parallelism = 4;
        private final List<String> mountFrom = new ArrayList<>();
        private Backoff retries = Backoff.of(4, Duration.ofMillis(250), Duration.ofSeconds(8));
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        public Builder image(LoadedImage image) {
            this.image = image;
            return this;
        }

        /** Target repository; a tag or digest in the reference is added to the tags. */
        public Builder target(ImageReference reference) {
            this.registry = reference.registry().orElseThrow(() -> QuaysideException.invalidInput("target",
                    "'" + reference + "' names no registry host"));
            this.repository = reference.repository();
            reference.tag().ifPresent(tags::add);
            return this;
        }

        public Builder registry(String registry) {
            this.registry = registry;
            return this;
        }

        public Builder repository(String repository) {
            this.repository = repository;
            return this;
        }

        public Builder tags(List<String> more) {
            tags.addAll(more);
            return this;
        }

        public Builder tag(String tag) {
            tags.add(tag);
            return this;
        }

        /** Where to reach the registry when it is not {@code https://<registry>} (a proxy, a test registry). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Repositories on the same registry that may already hold the blobs (cross-repository mount). */
        public Builder mountFrom(List<String> repositories) {
            mountFrom.addAll(repositories);
            return this;
        }

        public Builder retries(Backoff retries) {
            this.retries = Objects.requireNonNull(retries);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public PushRequest build() {
            return new PushRequest(this);
        }
    }
}
