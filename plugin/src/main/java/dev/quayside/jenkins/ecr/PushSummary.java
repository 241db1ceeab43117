package dev.quayside.jenkins.ecr;

import dev.quayside.engine.registry.PushResult;
import dev.quayside.engine.scan.ScanGateResult;
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
    /** The scan gate's counts per severity and allowed ids; null when there was no gate. */
    private final LinkedHashMap<String, Integer> scanCounts;
    private final ArrayList<String> scanAllowed;

    private PushSummary(PushResult r, ScanGateResult scan) {
        this.imageUri = r.imageUri();
        this.imageUriWithDigest = r.imageUriWithDigest();
        this.digest = r.digest().toString();
        this.repositoryUri = r.repositoryUri();
        this.tags = new ArrayList<>(r.tags());
        this.scanCounts = scan == null ? null : new LinkedHashMap<>(scan.counts());
        this.scanAllowed = scan == null ? null : new ArrayList<>(scan.allowed().stream().map(ScanGateResult.Finding::id).toList());
    }

    static PushSummary of(PushResult r, ScanGateResult scan) {
        return new PushSummary(r, scan);
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
        if (scanCounts != null) {
            Map<String, Object> scan = new LinkedHashMap<>();
            scan.put("passed", true);
            scan.put("counts", new LinkedHashMap<>(scanCounts));
            scan.put("allowed", new ArrayList<>(scanAllowed));
            m.put("scan", scan);
        }
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
