package dev.quayside.engine.registry;

import java.util.List;
import java.util.Map;

/**
 * An image read from a source and checked: its top-level manifest (or index) bytes exactly as they
 * will be pushed, the child manifests of an index, and every blob with where its bytes are.
 */
public final class LoadedImage {
    private final String description;
    private final Manifest root;
    private final List<Manifest> children;
    private final List<Descriptor> blobs;
    private final Map<Digest, BlobContent> content;

    /** A manifest or index document with its descriptor. */
    public static final class Manifest {
        private final Descriptor descriptor;
        private final byte[] bytes;

        Manifest(Descriptor descriptor, byte[] bytes) {
            this.descriptor = descriptor;
            this.bytes = bytes.clone();
        }

        public Descriptor descriptor() {
            return descriptor;
        }

        public byte[] bytes() {
            return bytes.clone();
        }
    }

    LoadedImage(String description, Manifest root, List<Manifest> children, List<Descriptor> blobs, Map<Digest, BlobContent> content) {
        this.description = description;
        this.root = root;
        this.children = List.copyOf(children);
        this.blobs = List.copyOf(blobs);
        this.content = Map.copyOf(content);
    }

    public String description() {
        return description;
    }

    public Manifest root() {
        return root;
    }

    public Digest digest() {
        return root.descriptor().digest();
    }

    public List<Manifest> children() {
        return children;
    }

    /** Every distinct blob (configs and layers of every platform). */
    public List<Descriptor> blobs() {
        return blobs;
    }

    public BlobContent content(Digest digest) {
        return content.get(digest);
    }

    public long totalBlobBytes() {
        return blobs.stream().mapToLong(Descriptor::size).sum();
    }
}
