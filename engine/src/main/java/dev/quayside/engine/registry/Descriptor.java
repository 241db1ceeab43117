package dev.quayside.engine.registry;

import java.util.Objects;

/** A content descriptor: what a manifest says about a blob or child manifest. */
public final class Descriptor {
    private final String mediaType;
    private final Digest digest;
    private final long size;
    private final String platform;

    private Descriptor(String mediaType, Digest digest, long size, String platform) {
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.digest = Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        this.size = size;
        this.platform = platform;
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null);
    }

    /** A child of an index, with its platform as {@code os/architecture[/variant]}. */
    public static Descriptor of(String mediaType, Digest digest, long size, String platform) {
        return new Descriptor(mediaType, digest, size, platform);
    }

    public String mediaType() {
        return mediaType;
    }

    public Digest digest() {
        return digest;
    }

    public long size() {
        return size;
    }

    /** {@code os/architecture[/variant]} for children of an index, otherwise null. */
    public String platform() {
        return platform;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Descriptor)) {
            return false;
        }
        Descriptor d = (Descriptor) o;
        return d.digest.equals(digest) && d.size == size && d.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size);
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + size + " bytes)";
    }
}
