package dev.quayside.jenkins.ecr;

import dev.quayside.engine.registry.PushResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a push gives back to the controller (the engine's PushResult is not serializable). */
public final class PushSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String imageUri;
    private final String imageUriWithDigest;
    private final String digest;
    private final String repositoryUri;
    private final ArrayList<String> tags;

    private PushSummary(PushResult r) {
        this.imageUri = r.imageUri();
        this.imageUriWithDigest = r.imageUriWithDigest();
        this.digest = r.digest().toString();
        this.repositoryUri = r.repositoryUri();
        this.tags = new ArrayList<>(r.tags());
    }

    static PushSummary of(PushResult r) {
        return new PushSummary(r);
    }

    public String imageUri() {
        return imageUri;
    }

    public String digest() {
        return digest;
    }

    /** What ecrPush returns. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imageUri", imageUri);
        m.put("imageUriWithDigest", imageUriWithDigest);
        m.put("digest", digest);
        m.put("repositoryUri", repositoryUri);
        m.put("tags", new ArrayList<>(tags));
        return m;
    }

    /** What the freestyle build step exports. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ECR_IMAGE_URI", imageUri);
        env.put("ECR_IMAGE_URI_WITH_DIGEST", imageUriWithDigest);
        env.put("ECR_IMAGE_DIGEST", digest);
        env.put("ECR_REPOSITORY_URI", repositoryUri);
        return env;
    }

    @Override
    public String toString() {
        return imageUriWithDigest;
    }
}
