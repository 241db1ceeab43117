package dev.quayside.engine.preflight;

import dev.quayside.engine.aws.AwsErrors;
import dev.quayside.engine.ecr.EcrHosts;
import dev.quayside.engine.errors.Failure;
import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Before a task definition is rolled out: every container image in ECR that it names exists (one
 * BatchGetImage per repository, in its own account's registry, which the host name gives), and every
 * awslogs log group exists or will be created. What cannot be checked (an image outside ECR or in
 * another region, a call we may not make) is said, not failed. A missing image or group fails before
 * anything changes, naming the container.
 */
public final class Preflight {
    /** BatchGetImage takes at most this many image ids a call. */
    private static final int BATCH = 100;

    private final EcrClient ecr;
    private final CloudWatchLogsClient logs;
    private final String region;
    private final ProgressListener listener;
    /** The authority of this account's registry endpoint, once asked ("" if it could not be). */
    private String proxyHost;

    public Preflight(EcrClient ecr, CloudWatchLogsClient logs, String region, ProgressListener listener) {
        this.ecr = ecr;
        this.logs = logs;
        this.region = region;
        this.listener = listener;
    }

    /** One image reference of a container: repository in an ECR registry, and its tag or digest. */
    record EcrImage(String container, String image, String registryId, String imageRegion, String repository, String tag, String digest) {
        ImageIdentifier id() {
            return ImageIdentifier.builder().imageTag(tag).imageDigest(digest).build();
        }
    }

    /**
     * Checks {@code td} ({@code what} names the operation, for messages); throws naming every missing image
     * and log group. Log groups are not looked for when they are about to be created.
     */
    public void check(TaskDefinition td, String what, boolean logGroupsCreated) {
        List<String> problems = new ArrayList<>();
        Map<String, List<EcrImage>> byRepository = new LinkedHashMap<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            parse(c.name(), c.image()).or(() -> viaProxyEndpoint(c.name(), c.image())).ifPresentOrElse(img -> {
                if (!img.imageRegion().equals(region)) {
                    note("image " + c.image() + " of container " + c.name() + " is in " + img.imageRegion() + ", not " + region + ": not checked");
                } else {
                    byRepository.computeIfAbsent(img.registryId() + "/" + img.repository(), k -> new ArrayList<>()).add(img);
                }
            }, () -> note("image " + c.image() + " of container " + c.name() + " is not in ECR: not checked"));
        }
        int checked = 0;
        for (List<EcrImage> images : byRepository.values()) {
            checked += checkImages(images, problems);
        }
        if (!logGroupsCreated) {
            checkLogGroups(td, problems);
        }
        if (!problems.isEmpty()) {
            throw QuaysideException.of(Failure.REJECTED, what + " (pre-flight)",
                    problems.size() == 1 ? problems.get(0) : problems.size() + " problems: " + String.join("; ", problems),
                    "Nothing was changed. Push the image (or fix the tag), create the log group, or skip the pre-flight if you must.");
        }
        if (checked > 0) {
            listener.onEvent(Event.of(Event.Level.INFO, "preflight.ok", "Pre-flight: " + checked + " image" + (checked == 1 ? "" : "s") + " found in ECR",
                    Map.of("images", checked)));
        }
    }

    private int checkImages(List<EcrImage> images, List<String> problems) {
        EcrImage first = images.get(0);
        int found = 0;
        for (int from = 0; from < images.size(); from += BATCH) {
            List<EcrImage> batch = images.subList(from, Math.min(images.size(), from + BATCH));
            // registryId null: the caller's own registry.
            BatchGetImageResponse r;
            try {
                r = ecr.batchGetImage(b -> b.registryId(first.registryId()).repositoryName(first.repository())
                        .imageIds(batch.stream().map(EcrImage::id).distinct().toList())
                        .acceptedMediaTypes("application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                                "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json"));
            } catch (RepositoryNotFoundException e) {
                batch.forEach(img -> problems.add("container " + img.container() + ": image " + img.image() + " does not exist: there is no repository "
                        + img.repository() + " in " + (img.registryId() == null ? "this account's registry" : "registry " + img.registryId())));
                return found;
            } catch (AwsServiceException e) {
                if (e.statusCode() == 400 && e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                    note("may not read images of " + first.repository() + " (ecr:BatchGetImage denied): not checked");
                    return found;
                }
                throw AwsErrors.translate("check the images of repository " + first.repository(), e);
            } catch (SdkException e) {
                throw AwsErrors.translate("check the images of repository " + first.repository(), e);
            }
            Set<ImageIdentifier> missing = new LinkedHashSet<>();
            for (ImageFailure f : r.failures()) {
                missing.add(ImageIdentifier.builder().imageTag(f.imageId().imageTag()).imageDigest(f.imageId().imageDigest()).build());
            }
            for (EcrImage img : batch) {
                if (missing.contains(img.id())) {
                    ImageFailure why = r.failures().stream().filter(f -> sameId(f.imageId(), img.id())).findFirst().orElseThrow();
                    problems.add("container " + img.container() + ": image " + img.image() + " does not exist in ECR ("
                            + why.failureCodeAsString() + (why.failureReason() == null ? "" : ": " + why.failureReason()) + ")");
                } else {
                    found++;
                }
            }
        }
        return found;
    }

    private static boolean sameId(ImageIdentifier a, ImageIdentifier b) {
        return Objects.equals(a.imageTag(), b.imageTag()) && Objects.equals(a.imageDigest(), b.imageDigest());
    }

    private void checkLogGroups(TaskDefinition td, List<String> problems) {
        for (ContainerDefinition c : td.containerDefinitions()) {
            LogConfiguration log = c.logConfiguration();
            if (log == null || !"awslogs".equals(log.logDriverAsString())) {
                continue;
            }
            String group = log.options().get("awslogs-group");
            String groupRegion = log.options().getOrDefault("awslogs-region", region);
            if (group == null) {
                continue;
            }
            if ("true".equals(log.options().get("awslogs-create-group"))) {
                note("log group " + group + " of container " + c.name() + " is created by ECS if missing (awslogs-create-group)");
            } else if (!groupRegion.equals(region)) {
                note("log group " + group + " of container " + c.name() + " is in " + groupRegion + ": not checked");
            } else {
                try {
                    boolean exists = logs.describeLogGroups(b -> b.logGroupNamePrefix(group).limit(50)).logGroups().stream()
                            .anyMatch(g -> group.equals(g.logGroupName()));
                    if (!exists) {
                        problems.add("container " + c.name() + ": log group " + group + " does not exist (create it, e.g. register the task definition "
                                + "with --create-log-groups, or set awslogs-create-group: true)");
                    }
                } catch (AwsServiceException e) {
                    if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                        note("may not list log groups (logs:DescribeLogGroups denied): " + group + " not checked");
                    } else {
                        throw AwsErrors.translate("check log group " + group, e);
                    }
                } catch (SdkException e) {
                    throw AwsErrors.translate("check log group " + group, e);
                }
            }
        }
    }

    /**
     * An image named by the host ECR gave as this account's registry endpoint (GetAuthorizationToken's
     * proxyEndpoint) rather than the usual ECR host name: a registry behind an endpoint override.
     */
    private Optional<EcrImage> viaProxyEndpoint(String container, String image) {
        int slash = image == null ? -1 : image.indexOf('/');
        if (slash < 0 || !image.substring(0, slash).contains(".") && !image.substring(0, slash).contains(":")) {
            return Optional.empty();
        }
        String host = image.substring(0, slash);
        if (proxyHost == null) {
            try {
                proxyHost = ecr.getAuthorizationToken(b -> { }).authorizationData().stream().map(d -> URI.create(d.proxyEndpoint()).getAuthority())
                        .findFirst().orElse("");
            } catch (SdkException e) {
                proxyHost = "";
            }
        }
        if (!host.equals(proxyHost)) {
            return Optional.empty();
        }
        return parse(container, "000000000000.dkr.ecr." + region + ".amazonaws.com" + image.substring(slash))
                .map(img -> new EcrImage(container, image, null, region, img.repository(), img.tag(), img.digest()));
    }

    private void note(String text) {
        listener.onEvent(Event.of(Event.Level.INFO, "preflight.note", "Pre-flight: " + text, Map.of()));
    }

    /** An image in an ECR registry, by tag or digest; empty for any other registry. */
    static Optional<EcrImage> parse(String container, String image) {
        if (image == null) {
            return Optional.empty();
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<EcrHosts> host = EcrHosts.parse(image.substring(0, slash));
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String rest = image.substring(slash + 1);
        String digest = null;
        String tag = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return Optional.of(new EcrImage(container, image, host.get().registryId(), host.get().region(), rest, tag, digest));
    }
}
