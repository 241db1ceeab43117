package dev.quayside.engine.registry;

import java.util.List;

/** What a push did: where the image is now and what was sent. */
public final class PushResult {
    private final String repositoryUri;
    private final Digest digest;
    private final String mediaType;
    private final List<String> tags;
    private final int blobsUploaded;
    private final int blobsExisting;
    private final int blobsMounted;
    private final long bytesUploaded;

    private PushResult(String repositoryUri, Digest digest, String mediaType, List<String> tags,
                       int blobsUploaded, int blobsExisting, int blobsMounted, long bytesUploaded) {
        this.repositoryUri = repositoryUri;
        this.digest = digest;
        this.mediaType = mediaType;
        this.tags = List.copyOf(tags);
        this.blobsUploaded = blobsUploaded;
        this.blobsExisting = blobsExisting;
        this.blobsMounted = blobsMounted;
        this.bytesUploaded = bytesUploaded;
    }

    public static PushResult of(String repositoryUri, Digest digest, String mediaType, List<String> tags,
                                int blobsUploaded, int blobsExisting, int blobsMounted, long bytesUploaded) {
        return new PushResult(repositoryUri, digest, mediaType, tags, blobsUploaded, blobsExisting, blobsMounted, bytesUploaded);
    }

    public String repositoryUri() {
        return repositoryUri;
    }

    public Digest digest() {
        return digest;
    }

    public String mediaType() {
        return mediaType;
    }

    public List<String> tags() {
        return tags;
    }

    /** {@code repository:firstTag}, or the digest form when pushed without a tag. */
    public String imageUri() {
        return tags.isEmpty() ? imageUriWithDigest() : repositoryUri + ":" + tags.get(0);
    }

    /** {@code repository@sha256:...}: the exact image, immune to later tag moves. */
    public String imageUriWithDigest() {
        return repositoryUri + "@" + digest;
    }

    public int blobsUploaded() {
        return blobsUploaded;
    }

    public int blobsExisting() {
        return blobsExisting;
    }

    public int blobsMounted() {
        return blobsMounted;
    }

    public long bytesUploaded() {
        return bytesUploaded;
    }

    @Override
    public String toString() {
        return imageUriWithDigest() + " tags=" + tags + " uploaded=" + blobsUploaded + " existing=" + blobsExisting + " mounted=" + blobsMounted;
    }
}
