package dev.quayside.engine.registry;

import dev.quayside.engine.errors.QuaysideException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code [registry/]repository[:tag][@digest]}, checked with Docker's rules.
 * The registry may be absent: for ECR pushes it comes from the authorization token.
 */
public final class ImageReference {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern REGISTRY = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?");

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference; {@code field} names the input in the error when it is invalid. */
    public static ImageReference parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw QuaysideException.invalidInput(field, "an image reference is required, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/myapp:1.0");
        }
        String rest = text.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            if (!Digest.isValid(d)) {
                throw QuaysideException.invalidInput(field, "'" + text + "' has an invalid digest '" + d + "' (expected sha256:<64 hex>)");
            }
            digest = Digest.of(d);
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                rest = rest.substring(slash + 1);
                if (!REGISTRY.matcher(registry).matches()) {
                    throw QuaysideException.invalidInput(field, "'" + text + "' has an invalid registry host '" + registry + "'");
                }
                int colon = registry.lastIndexOf(':');
                if (colon > registry.lastIndexOf(']')) {
                    String port = registry.substring(colon + 1);
                    if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                        throw QuaysideException.invalidInput(field, "'" + text + "' has the registry port " + port + "; a port is 1 to 65535");
                    }
                }
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            checkTag(field, tag);
        }
        checkRepository(field, text, rest);
        return new ImageReference(registry, rest, tag, digest);
    }

    public static ImageReference of(String registry, String repository, String tag) {
        checkRepository("repository", repository, repository);
        if (tag != null) {
            checkTag("tag", tag);
        }
        return new ImageReference(registry, repository, tag, null);
    }

    /** Docker's tag rule: {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
    public static void checkTag(String field, String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw QuaysideException.invalidInput(field, "'" + tag + "' is not a valid tag: up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
    }

    private static void checkRepository(String field, String text, String repository) {
        if (repository.isEmpty() || repository.length() > 255) {
            throw QuaysideException.invalidInput(field, "'" + text + "' has no valid repository name");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw QuaysideException.invalidInput(field, "'" + text + "' has an invalid repository name '" + repository
                        + "': use lowercase letters, digits and single separators ('.', '_', '__', '-') between '/'-separated parts");
            }
        }
    }

    public Optional<String> registry() {
        return Optional.ofNullable(registry);
    }

    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    public ImageReference withRegistry(String newRegistry) {
        return new ImageReference(newRegistry, repository, tag, digest);
    }

    /** {@code registry/repository} (or just the repository without a registry). */
    public String repositoryUri() {
        return registry == null ? repository : registry + "/" + repository;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(repositoryUri());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
