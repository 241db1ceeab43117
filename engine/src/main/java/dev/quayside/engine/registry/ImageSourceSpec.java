package dev.quayside.engine.registry;

import dev.quayside.engine.errors.QuaysideException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an image comes from, named the way skopeo users already know:
 * {@code oci:DIR[:TAG]}, {@code oci-archive:FILE[:TAG]}, {@code docker-archive:FILE[:NAME:TAG]},
 * {@code docker-daemon:IMAGE:TAG}.
 */
public final class ImageSourceSpec {
    public enum Transport {
        OCI("oci"), OCI_ARCHIVE("oci-archive"), DOCKER_ARCHIVE("docker-archive"), DOCKER_DAEMON("docker-daemon");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private final Transport transport;
    private final String location;
    private final String reference;

    private ImageSourceSpec(Transport transport, String location, String reference) {
        this.transport = transport;
        this.location = location;
        this.reference = reference;
    }

    public static ImageSourceSpec parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw QuaysideException.invalidInput(field, "a source is required: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE or docker-daemon:IMAGE:TAG");
        }
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? "" : text.substring(0, colon);
        for (Transport t : Transport.values()) {
            if (t.prefix.equals(prefix)) {
                String rest = text.substring(colon + 1);
                if (rest.isEmpty()) {
                    throw QuaysideException.invalidInput(field, "'" + text + "' names no " + (t == Transport.DOCKER_DAEMON ? "image" : "path"));
                }
                if (t == Transport.DOCKER_DAEMON) {
                    ImageReference.parse(field, rest);
                    return new ImageSourceSpec(t, rest, null);
                }
                int sep = rest.indexOf(':');
                String location = sep < 0 ? rest : rest.substring(0, sep);
                String ref = sep < 0 ? null : rest.substring(sep + 1);
                if (ref != null && t != Transport.DOCKER_ARCHIVE) {
                    ImageReference.checkTag(field, ref);
                }
                return new ImageSourceSpec(t, location, ref);
            }
        }
        throw QuaysideException.invalidInput(field, "'" + text + "' does not start with a known transport: use oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE or docker-daemon:IMAGE:TAG");
    }

    public static ImageSourceSpec of(Transport transport, Path path, String reference) {
        return new ImageSourceSpec(Objects.requireNonNull(transport), path.toString(), reference);
    }

    public Transport transport() {
        return transport;
    }

    /** The directory or file (or, for docker-daemon, the image name). */
    public String location() {
        return location;
    }

    /** The tag (OCI) or name:tag (docker archive) selecting one image, if given. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    @Override
    public String toString() {
        return transport.prefix + ":" + location + (reference == null ? "" : ":" + reference);
    }
}
