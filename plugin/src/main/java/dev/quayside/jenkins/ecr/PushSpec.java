package dev.quayside.jenkins.ecr;

import dev.quayside.engine.ecr.EcrPushRequest;
import dev.quayside.engine.ecr.RepositoryOptions;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.scan.ScanGateRequest;
import dev.quayside.engine.scan.Severity;
import dev.quayside.engine.registry.ImageReference;
import dev.quayside.engine.registry.ImageSourceSpec;
import dev.quayside.engine.registry.PushRequest;
import dev.quayside.engine.time.Durations;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of an ECR push as a step or build step received them, sent to the agent, where
 * {@link #request} maps them onto the engine's request (paths resolved against the workspace).
 */
final class PushSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    String image;
    String source;
    String repository;
    ArrayList<String> tags = new ArrayList<>();
    boolean createRepository;
    boolean scanOnPush = true;
    String encryption;
    String kmsKey;
    String tagMutability;
    String lifecyclePolicy;
    String registryId;
    String requestTimeout;
    String scanFailOn;
    ArrayList<String> scanAllow = new ArrayList<>();
    String scanTimeout;

    PushSpec tags(List<String> values) {
        this.tags = new ArrayList<>(values);
        return this;
    }

    /** The engine's request; checks everything before any AWS call. */
    EcrPushRequest request(Path workspace, Path dockerConfigParent) {
        if ((image == null) == (source == null)) {
            throw QuaysideException.invalidInput(image == null ? "source" : "image",
                    "give either image (a local Docker image, pushed with the docker CLI) or source (oci:DIR, oci-archive:FILE, docker-archive:FILE), not "
                            + (image == null ? "neither" : "both"));
        }
        ImageSourceSpec spec = image != null ? ImageSourceSpec.parse("image", "docker-daemon:" + image) : inWorkspace(ImageSourceSpec.parse("source", source), workspace);
        RepositoryOptions options = RepositoryOptions.builder().createIfMissing(createRepository).scanOnPush(scanOnPush).encryption(encryption)
                .kmsKey(kmsKey).tagMutability(tagMutability).lifecyclePolicy(lifecyclePolicy == null ? null : workspace.resolve(lifecyclePolicy)).build();
        return EcrPushRequest.builder()
                .source(spec)
                .target(ImageReference.parse("repository", repository))
                .registryId(registryId)
                .requestTimeout(requestTimeout == null ? PushRequest.DEFAULT_REQUEST_TIMEOUT : Durations.parse("requestTimeout", requestTimeout))
                .tags(tags)
                .repositoryOptions(options)
                .dockerConfigParent(dockerConfigParent)
                .build();
    }

    /** The scan gate for the pushed {@code digest}, or null when none was asked for (checked before the push with a placeholder). */
    ScanGateRequest scanGate(String registryIdOfPush, String repositoryOfPush, String digest) {
        if (scanFailOn == null) {
            if (!scanAllow.isEmpty()) {
                throw QuaysideException.invalidInput("scanAllow", "needs scanFailOn (the scan gate is off without it)");
            }
            return null;
        }
        return ScanGateRequest.builder().registryId(registryIdOfPush).repository(repositoryOfPush).digest(digest)
                .failOn(Severity.parse("scanFailOn", scanFailOn)).allow(scanAllow)
                .timeout(scanTimeout == null ? Duration.ofMinutes(10) : Durations.parse("scanTimeout", scanTimeout)).build();
    }

    private static ImageSourceSpec inWorkspace(ImageSourceSpec spec, Path workspace) {
        if (spec.transport() == ImageSourceSpec.Transport.DOCKER_DAEMON) {
            return spec;
        }
        return ImageSourceSpec.of(spec.transport(), workspace.resolve(spec.location()), spec.reference().orElse(null));
    }
}
