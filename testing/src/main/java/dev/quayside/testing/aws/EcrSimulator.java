package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Amazon ECR ({@code AmazonEC2ContainerRegistry_V20150921}): repositories and lifecycle policies held
 * in memory, authorization tokens and images taken from the Distribution registry it
 * {@linkplain #registry(URI, String) fronts}.
 *
 * <p>Operations: GetAuthorizationToken, CreateRepository, DescribeRepositories, PutLifecyclePolicy,
 * GetLifecyclePolicy, DescribeImages, BatchGetImage, StartImageScan, DescribeImageScanFindings. Repositories are
 * kept per registry id but, unlike AWS, not per region; each reports the region it was created in.
 *
 * <p>Basic image scanning is modelled lazily, as pushes go straight to the fronted registry: in a
 * repository with {@code scanOnPush} an image's scan starts when the simulator first sees the image
 * (through DescribeImages or a scan API), StartImageScan starts one explicitly (once per image per 24
 * hours, the scan on push included), and a scan is IN_PROGRESS for {@link #scanDuration(Duration)} (20 s
 * by default) before it is COMPLETE with the image's {@linkplain #scanFindings findings}, or FAILED. A
 * simulator run as a process takes findings from the image config label
 * {@code dev.quayside.simulator.findings} ({@code SEVERITY:NAME:PACKAGE:VERSION[:FIXED_VERSION]} entries
 * separated by {@code ;}, or {@code FAILED}).
 */
public final class EcrSimulator implements AwsService {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";

    private static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    private static final List<String> MUTABILITIES = List.of("MUTABLE", "IMMUTABLE");
    private static final List<String> ENCRYPTION_TYPES = List.of("AES256", "KMS", "KMS_DSSE");
    private static final List<String> TAG_STATUSES = List.of("TAGGED", "UNTAGGED", "ANY");
    private static final Set<String> BATCH_GET_IMAGE_MEMBERS = Set.of("registryId", "repositoryName", "imageIds",
            "acceptedMediaTypes");
    private static final int MAX_IMAGE_IDS = 100;

    /**
     * A vulnerability that basic scanning reports for an image.
     *
     * @param name the CVE id, e.g. {@code CVE-2024-0001}
     * @param severity CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNDEFINED
     * @param fixedVersion the package version that fixes it, or null; ECR's basic scanning has no such
     *     attribute, the simulator adds it as attribute {@code fixed_version} when given
     * @param uri the advisory's address; null gives {@code https://nvd.nist.gov/vuln/detail/<name>}
     */
    public record Finding(String name, String severity, String packageName, String packageVersion,
            String fixedVersion, String uri) {

        public Finding {
            Objects.requireNonNull(name);
            Objects.requireNonNull(packageName);
            Objects.requireNonNull(packageVersion);
            if (!EcrScans.SEVERITIES.contains(severity)) {
                throw new IllegalArgumentException("severity must be one of " + EcrScans.SEVERITIES + ": " + severity);
            }
            if (uri == null) {
                uri = "https://nvd.nist.gov/vuln/detail/" + name;
            }
        }

        /** A finding without a fixed version, at NVD's address. */
        public static Finding of(String severity, String name, String packageName, String packageVersion) {
            return new Finding(name, severity, packageName, packageVersion, null, null);
        }
    }

    private final AwsContext context;
    private final EcrScans scans;
    /** By registry id and name, in creation order. */
    private final Map<String, EcrRepository> repositories = new LinkedHashMap<>();
    /** The first time an image digest was listed, standing in for its push time. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    /** Answers GetAuthorizationToken before a registry is configured: a token no registry accepts. */
    private final String unconfiguredPassword = UUID.randomUUID().toString();
    private volatile RegistryClient registry;

    public EcrSimulator(AwsContext context) {
        this.context = context;
        this.scans = new EcrScans(() -> context.clock().instant());
    }

    /** How long a scan stays IN_PROGRESS after it started; 20 s by default. */
    public void scanDuration(Duration duration) {
        scans.duration(duration);
    }

    /**
     * The findings the scans of an image (by digest, or by the tag's current digest) in the simulator's
     * own registry report once complete, instead of its config label's. The image must be in the
     * fronted registry.
     */
    public void scanFindings(String repository, String digestOrTag, List<Finding> findings) {
        scans.findings(imageKey(context.accountId(), repository, resolve(repository, digestOrTag)), findings);
    }

    /**
     * Makes the scans of an image end FAILED with ECR's description for an unsupported image
     * ({@value EcrScans#UNSUPPORTED_DESCRIPTION}).
     */
    public void scanFails(String repository, String digestOrTag) {
        scans.fails(imageKey(context.accountId(), repository, resolve(repository, digestOrTag)));
    }

    private String resolve(String repository, String digestOrTag) {
        RegistryClient fronted = registry;
        if (fronted == null) {
            throw new IllegalStateException("no registry configured; call registry(endpoint, password) first");
        }
        return fronted.manifest(repository, digestOrTag).map(RegistryClient.Manifest::digest).orElseThrow(
                () -> new IllegalArgumentException("no image " + repository + ":" + digestOrTag + " in the registry"));
    }

    /**
     * Fronts the registry at {@code endpoint}: GetAuthorizationToken hands out its URI as proxy
     * endpoint with {@code password} for user {@code AWS}, and DescribeImages reads its tags.
     */
    public void registry(URI endpoint, String password) {
        registry = new RegistryClient(endpoint, password);
    }

    /** The repository of that name in the simulator's own registry. */
    public synchronized Optional<EcrRepository> repository(String name) {
        return Optional.ofNullable(repositories.get(key(context.accountId(), name)));
    }

    /** All repositories, of every registry id, in creation order. */
    public synchronized List<EcrRepository> repositories() {
        return List.copyOf(repositories.values());
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        return switch (request.operation()) {
            case "GetAuthorizationToken" -> getAuthorizationToken(request);
            case "CreateRepository" -> createRepository(request);
            case "DescribeRepositories" -> describeRepositories(request);
            case "PutLifecyclePolicy" -> putLifecyclePolicy(request);
            case "GetLifecyclePolicy" -> getLifecyclePolicy(request);
            case "DescribeImages" -> describeImages(request);
            case "BatchGetImage" -> batchGetImage(request);
            case "StartImageScan" -> startImageScan(request);
            case "DescribeImageScanFindings" -> describeImageScanFindings(request);
            default -> throw AwsError.unknownOperation(TARGET_PREFIX + "." + request.operation());
        };
    }

    private ObjectNode getAuthorizationToken(AwsRequest request) {
        List<String> registryIds = request.stringList("registryIds");
        if (!request.member("registryIds").isMissingNode() && registryIds.isEmpty()) {
            throw AwsError.invalidParameter("registryIds", "Member must have length greater than or equal to 1");
        }
        for (String id : registryIds) {
            if (!REGISTRY_ID.matcher(id).matches()) {
                throw AwsError.invalidParameter("registryIds",
                        "Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]");
            }
        }
        RegistryClient fronted = registry;
        String password = fronted == null ? unconfiguredPassword : fronted.password();
        String token = Base64.getEncoder()
                .encodeToString((RegistryClient.USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Instant expiresAt = context.clock().instant().plus(TOKEN_LIFETIME);
        ArrayNode data = AwsJson.MAPPER.createArrayNode();
        for (String id : registryIds.isEmpty() ? List.of(context.accountId()) : registryIds) {
            data.addObject()
                    .put("authorizationToken", token)
                    .put("expiresAt", AwsJson.epochSeconds(expiresAt))
                    .put("proxyEndpoint", fronted == null
                            ? "https://" + id + ".dkr.ecr." + request.region() + ".amazonaws.com"
                            : fronted.proxyEndpoint());
        }
        ObjectNode response = AwsJson.object();
        response.set("authorizationData", data);
        return response;
    }

    private ObjectNode createRepository(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        if (name.length() < 2) {
            throw AwsError.invalidParameter("repositoryName", "Member must have length greater than or equal to 2");
        }
        if (name.length() > 256) {
            throw AwsError.invalidParameter("repositoryName", "Member must have length less than or equal to 256");
        }
        if (!REPOSITORY_NAME.matcher(name).matches()) {
            throw AwsError.invalidParameter("repositoryName",
                    "must satisfy regular expression '" + REPOSITORY_NAME.pattern() + "'");
        }
        String mutability = enumValue(request.optionalString("imageTagMutability"), "imageTagMutability",
                MUTABILITIES).orElse("MUTABLE");
        JsonNode scanning = request.structure("imageScanningConfiguration");
        JsonNode scanOnPush = scanning.path("scanOnPush");
        if (!scanOnPush.isMissingNode() && !scanOnPush.isNull() && !scanOnPush.isBoolean()) {
            throw AwsError.serialization("Expected a boolean for 'imageScanningConfiguration.scanOnPush'");
        }
        EcrRepository created = new EcrRepository(registryId, name, request.region(), context.clock().instant(),
                mutability, scanOnPush.asBoolean(false), encryption(request), tags(request), Optional.empty());
        synchronized (this) {
            if (repositories.putIfAbsent(key(registryId, name), created) != null) {
                throw AwsError.client("RepositoryAlreadyExistsException", "The repository with name '" + name
                        + "' already exists in the registry with id '" + registryId + "'");
            }
        }
        ObjectNode response = AwsJson.object();
        response.set("repository", json(created));
        return response;
    }

    private ObjectNode describeRepositories(AwsRequest request) {
        String registryId = registryId(request);
        List<String> names = request.stringList("repositoryNames");
        List<EcrRepository> found = new ArrayList<>();
        if (request.member("repositoryNames").isMissingNode()) {
            synchronized (this) {
                repositories.values().stream().filter(r -> r.registryId().equals(registryId)).forEach(found::add);
            }
        } else {
            if (names.isEmpty()) {
                throw AwsError.invalidParameter("repositoryNames", "Member must have length greater than or equal to 1");
            }
            refusePagingWith(request, "repositoryNames");
            for (String name : names) {
                found.add(existing(registryId, name));
            }
        }
        Pages.Page<EcrRepository> page =
                Pages.page(found, request.optionalInt("maxResults"), request.optionalString("nextToken"));
        ObjectNode response = AwsJson.object();
        ArrayNode list = response.putArray("repositories");
        page.items().forEach(repository -> list.add(json(repository)));
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private ObjectNode putLifecyclePolicy(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        String text = request.requiredString("lifecyclePolicyText");
        existing(registryId, name);
        LifecyclePolicies.validate(text);
        synchronized (this) {
            repositories.computeIfPresent(key(registryId, name), (k, repository) -> repository.withLifecyclePolicy(text));
        }
        return AwsJson.object()
                .put("registryId", registryId)
                .put("repositoryName", name)
                .put("lifecyclePolicyText", text);
    }

    private ObjectNode getLifecyclePolicy(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        String text = existing(registryId, name).lifecyclePolicyText().orElseThrow(() -> AwsError.client(
                "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                        + name + "' in the registry with id '" + registryId + "'"));
        return AwsJson.object()
                .put("registryId", registryId)
                .put("repositoryName", name)
                .put("lifecyclePolicyText", text)
                // The simulator never evaluates policies; the epoch says "not yet".
                .put("lastEvaluatedAt", AwsJson.epochSeconds(Instant.EPOCH));
    }

    private ObjectNode describeImages(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        existing(registryId, name);
        JsonNode filter = request.structure("filter");
        String tagStatus = enumValue(AwsRequest.string(filter.path("tagStatus"), "filter.tagStatus"),
                "filter.tagStatus", TAG_STATUSES).orElse("ANY");
        RegistryClient fronted = registry;
        if (fronted == null) {
            throw new AwsError("ServerException",
                    "ECR simulator: no registry configured; call ecr().registry(endpoint, password) first", 500);
        }
        List<Image> images = images(fronted, registryId, name);
        JsonNode imageIds = request.member("imageIds");
        if (!imageIds.isMissingNode()) {
            refusePagingWith(request, "imageIds");
            images = select(fronted, registryId, name, images, imageIds);
        }
        List<Image> filtered = images.stream()
                .filter(image -> tagStatus.equals("ANY") || tagStatus.equals("TAGGED") != image.tags().isEmpty())
                .toList();
        Pages.Page<Image> page =
                Pages.page(filtered, request.optionalInt("maxResults"), request.optionalString("nextToken"));
        ObjectNode response = AwsJson.object();
        ArrayNode details = response.putArray("imageDetails");
        for (Image image : page.items()) {
            ObjectNode detail = details.addObject()
                    .put("registryId", registryId)
                    .put("repositoryName", name)
                    .put("imageDigest", image.digest());
            if (!image.tags().isEmpty()) {
                image.tags().forEach(detail.putArray("imageTags")::add);
            }
            detail.put("imageSizeInBytes", image.size())
                    .put("imagePushedAt", AwsJson.epochSeconds(image.pushedAt()))
                    .put("imageManifestMediaType", image.mediaType());
            image.artifactMediaType().ifPresent(type -> detail.put("artifactMediaType", type));
            scan(fronted, registryId, name, image.digest()).ifPresent(scan -> {
                ObjectNode status = detail.putObject("imageScanStatus").put("status", scan.status());
                if (scan.description() != null) {
                    status.put("description", scan.description());
                }
                if (scan.complete()) {
                    ObjectNode summary = detail.putObject("imageScanFindingsSummary")
                            .put("imageScanCompletedAt", AwsJson.epochSeconds(scan.completedAt()))
                            .put("vulnerabilitySourceUpdatedAt", AwsJson.epochSeconds(scan.vulnerabilitySourceUpdatedAt()));
                    summary.set("findingSeverityCounts", scan.severityCounts());
                }
            });
        }
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    // ---- image scanning

    private ObjectNode startImageScan(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        ScannedImage image = scannedImage(request, registryId, name);
        String key = imageKey(registryId, name, image.digest());
        scans.start(key, image.repository().scanOnPush(), pushedAt(key));
        ObjectNode response = AwsJson.object().put("registryId", registryId).put("repositoryName", name);
        response.set("imageId", image.imageId());
        response.putObject("imageScanStatus").put("status", "IN_PROGRESS");
        return response;
    }

    /**
     * The image's latest scan: its status, and once COMPLETE its findings, paged by maxResults (1 to
     * 1000, 100 by default) and nextToken, with the severity counts of all of them.
     */
    private ObjectNode describeImageScanFindings(AwsRequest request) {
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        Optional<Integer> maxResults = request.optionalInt("maxResults");
        Optional<String> nextToken = request.optionalString("nextToken");
        ScannedImage image = scannedImage(request, registryId, name);
        EcrScans.Scan scan = scan(image.fronted(), registryId, name, image.digest()).orElseThrow(() -> AwsError.client(
                "ScanNotFoundException", "Image scan does not exist for the image with '" + image.asked()
                        + "' in the repository with name '" + name + "' in the registry with id '" + registryId + "'"));
        ObjectNode response = AwsJson.object().put("registryId", registryId).put("repositoryName", name);
        response.set("imageId", image.imageId());
        ObjectNode status = response.putObject("imageScanStatus").put("status", scan.status());
        if (scan.description() != null) {
            status.put("description", scan.description());
        }
        if (scan.complete()) {
            Pages.Page<Finding> page = Pages.page(scan.findings(), maxResults, nextToken);
            ObjectNode findings = response.putObject("imageScanFindings")
                    .put("imageScanCompletedAt", AwsJson.epochSeconds(scan.completedAt()))
                    .put("vulnerabilitySourceUpdatedAt", AwsJson.epochSeconds(scan.vulnerabilitySourceUpdatedAt()));
            findings.set("findingSeverityCounts", scan.severityCounts());
            ArrayNode list = findings.putArray("findings");
            page.items().forEach(finding -> list.add(EcrScans.json(finding)));
            page.nextToken().ifPresent(token -> response.put("nextToken", token));
        }
        return response;
    }

    /**
     * The image a scan API names, in the repository and the fronted registry.
     *
     * @param asked the image id as ECR's messages print it, {@code {imageDigest:'...', imageTag:'...'}}
     * @param imageId the image id to answer with: the digest, and the tag if asked by tag
     */
    private record ScannedImage(RegistryClient fronted, EcrRepository repository, String digest, String asked,
            ObjectNode imageId) {
    }

    private ScannedImage scannedImage(AwsRequest request, String registryId, String name) {
        JsonNode id = request.structure("imageId");
        if (id.isMissingNode()) {
            throw AwsError.invalidParameter("imageId", "Member must not be null");
        }
        Optional<String> tag = AwsRequest.string(id.path("imageTag"), "imageId.imageTag");
        Optional<String> digest = AwsRequest.string(id.path("imageDigest"), "imageId.imageDigest");
        if (tag.isEmpty() && digest.isEmpty()) {
            // The simulator's wording, after DescribeImages'.
            throw AwsError.client("InvalidParameterException",
                    "Invalid parameter at 'imageId': an image id needs an imageTag or an imageDigest");
        }
        if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
            throw AwsError.invalidParameter("imageDigest", "Invalid image digest '" + digest.get() + "'");
        }
        EcrRepository repository = existing(registryId, name);
        RegistryClient fronted = registry;
        if (fronted == null) {
            throw new AwsError("ServerException",
                    "ECR simulator: no registry configured; call ecr().registry(endpoint, password) first", 500);
        }
        String asked = "{imageDigest:'" + digest.orElse("null") + "', imageTag:'" + tag.orElse("null") + "'}";
        Optional<RegistryClient.Manifest> manifest = fronted.manifest(name, tag.orElseGet(digest::get));
        if (manifest.isEmpty() || digest.isPresent() && !manifest.get().digest().equals(digest.get())) {
            throw AwsError.client("ImageNotFoundException", "The image with imageId " + asked
                    + " does not exist within the repository with name '" + name + "' in the registry with id '"
                    + registryId + "'");
        }
        ObjectNode imageId = AwsJson.object().put("imageDigest", manifest.get().digest());
        tag.ifPresent(t -> imageId.put("imageTag", t));
        return new ScannedImage(fronted, repository, manifest.get().digest(), asked, imageId);
    }

    private Optional<EcrScans.Scan> scan(RegistryClient fronted, String registryId, String repository, String digest) {
        boolean scanOnPush = existing(registryId, repository).scanOnPush();
        String key = imageKey(registryId, repository, digest);
        return scans.scan(key, scanOnPush, pushedAt(key),
                () -> fronted.label(repository, digest, EcrScans.FINDINGS_LABEL));
    }

    /** When the simulator first saw the image, standing in for its push time. */
    private Instant pushedAt(String key) {
        return firstSeen.computeIfAbsent(key, k -> context.clock().instant());
    }

    private static String imageKey(String registryId, String repository, String digest) {
        return registryId + "/" + repository + "@" + digest;
    }

    /**
     * The manifests of up to 100 images of one repository, as ECR answers: those found in {@code images},
     * each under the id asked for (its tag only if asked by tag), the others in {@code failures}. The
     * manifest is the registry's, byte for byte; {@code acceptedMediaTypes} is checked for shape but, as
     * the simulator converts nothing, does not change the answer. Failure reasons other than ImageNotFound's
     * are the simulator's wording.
     */
    private ObjectNode batchGetImage(AwsRequest request) {
        request.refuseUnknownMembers(BATCH_GET_IMAGE_MEMBERS);
        String registryId = registryId(request);
        String name = request.requiredString("repositoryName");
        JsonNode imageIds = request.member("imageIds");
        if (imageIds.isMissingNode()) {
            throw AwsError.invalidParameter("imageIds", "Member must not be null");
        }
        if (!imageIds.isArray()) {
            throw AwsError.serialization("Expected a list for 'imageIds'");
        }
        if (imageIds.isEmpty()) {
            throw AwsError.invalidParameter("imageIds", "Member must have length greater than or equal to 1");
        }
        if (imageIds.size() > MAX_IMAGE_IDS) {
            throw AwsError.invalidParameter("imageIds", "Member must have length less than or equal to " + MAX_IMAGE_IDS);
        }
        List<String> accepted = request.stringList("acceptedMediaTypes");
        if (!request.member("acceptedMediaTypes").isMissingNode() && (accepted.isEmpty() || accepted.size() > 100)) {
            throw AwsError.invalidParameter("acceptedMediaTypes", accepted.isEmpty()
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 100");
        }
        existing(registryId, name);
        RegistryClient fronted = registry;
        if (fronted == null) {
            throw new AwsError("ServerException",
                    "ECR simulator: no registry configured; call ecr().registry(endpoint, password) first", 500);
        }
        ObjectNode response = AwsJson.object();
        ArrayNode images = response.putArray("images");
        ArrayNode failures = response.putArray("failures");
        List<JsonNode> seen = new ArrayList<>();
        for (JsonNode id : imageIds) {
            if (!id.isObject()) {
                throw AwsError.serialization("Expected structures in 'imageIds'");
            }
            Optional<String> tag = AwsRequest.string(id.path("imageTag"), "imageIds.imageTag");
            Optional<String> digest = AwsRequest.string(id.path("imageDigest"), "imageIds.imageDigest");
            ObjectNode asked = AwsJson.object();
            digest.ifPresent(d -> asked.put("imageDigest", d));
            tag.ifPresent(t -> asked.put("imageTag", t));
            if (seen.contains(asked)) {
                continue;
            }
            seen.add(asked);
            if (tag.isEmpty() && digest.isEmpty()) {
                failure(failures, asked, "MissingDigestAndTag", "Invalid request parameters: image tag and digest cannot both be null");
                continue;
            }
            if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
                failure(failures, asked, "InvalidImageDigest", "Invalid request parameters: image digest should satisfy the regex '"
                        + DIGEST.pattern() + "'");
                continue;
            }
            Optional<RegistryClient.Manifest> manifest = fronted.manifest(name, tag.orElseGet(digest::get));
            if (manifest.isEmpty()) {
                failure(failures, asked, "ImageNotFound", "Requested image not found");
                continue;
            }
            if (tag.isPresent() && digest.isPresent() && !manifest.get().digest().equals(digest.get())) {
                failure(failures, asked, "ImageTagDoesNotMatchDigest", "Requested image tag does not match the image digest");
                continue;
            }
            ObjectNode image = images.addObject().put("registryId", registryId).put("repositoryName", name);
            ObjectNode imageId = image.putObject("imageId").put("imageDigest", manifest.get().digest());
            tag.ifPresent(t -> imageId.put("imageTag", t));
            image.put("imageManifest", manifest.get().text())
                    .put("imageManifestMediaType", manifest.get().mediaType());
        }
        return response;
    }

    private static void failure(ArrayNode failures, ObjectNode imageId, String code, String reason) {
        ObjectNode failure = failures.addObject();
        failure.set("imageId", imageId);
        failure.put("failureCode", code).put("failureReason", reason);
    }

    private record Image(String digest, List<String> tags, String mediaType, Optional<String> artifactMediaType,
            long size, Instant pushedAt) {
    }

    /** The tagged images in the registry, one per digest, in the order of their first tag. */
    private List<Image> images(RegistryClient fronted, String registryId, String repository) {
        Map<String, List<String>> tagsByDigest = new LinkedHashMap<>();
        Map<String, RegistryClient.Manifest> manifests = new LinkedHashMap<>();
        for (String tag : fronted.tags(repository).orElse(List.of())) {
            // A tag deleted between listing and reading is simply gone.
            fronted.manifest(repository, tag).ifPresent(manifest -> {
                manifests.putIfAbsent(manifest.digest(), manifest);
                tagsByDigest.computeIfAbsent(manifest.digest(), d -> new ArrayList<>()).add(tag);
            });
        }
        List<Image> images = new ArrayList<>();
        manifests.forEach((digest, manifest) ->
                images.add(image(fronted, registryId, repository, manifest, tagsByDigest.get(digest))));
        return images;
    }

    private Image image(RegistryClient fronted, String registryId, String repository,
            RegistryClient.Manifest manifest, List<String> tags) {
        Instant pushedAt = pushedAt(imageKey(registryId, repository, manifest.digest()));
        return new Image(manifest.digest(), List.copyOf(tags), manifest.mediaType(), manifest.artifactMediaType(),
                fronted.size(repository, manifest), pushedAt);
    }

    /** The images the ids name, without repeats; an untagged image is found by digest. */
    private List<Image> select(RegistryClient fronted, String registryId, String repository, List<Image> tagged,
            JsonNode imageIds) {
        if (!imageIds.isArray()) {
            throw AwsError.serialization("Expected a list for 'imageIds'");
        }
        Map<String, Image> selected = new LinkedHashMap<>();
        for (JsonNode id : imageIds) {
            Optional<String> tag = AwsRequest.string(id.path("imageTag"), "imageIds.imageTag");
            Optional<String> digest = AwsRequest.string(id.path("imageDigest"), "imageIds.imageDigest");
            if (tag.isEmpty() && digest.isEmpty()) {
                throw AwsError.client("InvalidParameterException",
                        "Invalid parameter at 'imageIds': an image id needs an imageTag or an imageDigest");
            }
            if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
                throw AwsError.invalidParameter("imageDigest", "Invalid image digest '" + digest.get() + "'");
            }
            Optional<Image> image = tagged.stream()
                    .filter(candidate -> tag.map(candidate.tags()::contains).orElse(true))
                    .filter(candidate -> digest.map(candidate.digest()::equals).orElse(true))
                    .findFirst();
            if (image.isEmpty() && tag.isEmpty()) {
                image = fronted.manifest(repository, digest.get())
                        .map(manifest -> image(fronted, registryId, repository, manifest, List.of()));
            }
            Image found = image.orElseThrow(() -> AwsError.client("ImageNotFoundException",
                    "The image with imageId {imageDigest:'" + digest.orElse("null") + "', imageTag:'"
                            + tag.orElse("null") + "'} does not exist within the repository with name '"
                            + repository + "' in the registry with id '" + registryId + "'"));
            selected.putIfAbsent(found.digest(), found);
        }
        return List.copyOf(selected.values());
    }

    private synchronized EcrRepository existing(String registryId, String name) {
        EcrRepository repository = repositories.get(key(registryId, name));
        if (repository == null) {
            throw AwsError.client("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + registryId + "'");
        }
        return repository;
    }

    private String registryId(AwsRequest request) {
        Optional<String> registryId = request.optionalString("registryId");
        if (registryId.isPresent() && !REGISTRY_ID.matcher(registryId.get()).matches()) {
            throw AwsError.invalidParameter("registryId", "Member must satisfy regular expression pattern: [0-9]{12}");
        }
        return registryId.orElse(context.accountId());
    }

    private static EcrRepository.Encryption encryption(AwsRequest request) {
        JsonNode configuration = request.structure("encryptionConfiguration");
        if (configuration.isMissingNode()) {
            return EcrRepository.Encryption.AES256;
        }
        String type = enumValue(AwsRequest.string(configuration.path("encryptionType"),
                "encryptionConfiguration.encryptionType"), "encryptionConfiguration.encryptionType", ENCRYPTION_TYPES)
                .orElseThrow(() -> AwsError.invalidParameter("encryptionConfiguration.encryptionType",
                        "Member must not be null"));
        Optional<String> kmsKey = AwsRequest.string(configuration.path("kmsKey"), "encryptionConfiguration.kmsKey");
        if (kmsKey.isPresent() && type.equals("AES256")) {
            throw AwsError.client("InvalidParameterException",
                    "Invalid parameter at 'encryptionConfiguration': kmsKey can only be specified with KMS encryption");
        }
        return new EcrRepository.Encryption(type, kmsKey);
    }

    private static Map<String, String> tags(AwsRequest request) {
        JsonNode tags = request.member("tags");
        if (!tags.isMissingNode() && !tags.isArray()) {
            throw AwsError.serialization("Expected a list for 'tags'");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (JsonNode tag : tags) {
            String key = AwsRequest.string(tag.path("Key"), "tags.Key").orElseThrow(() -> AwsError.client(
                    "InvalidTagParameterException", "Invalid parameter at 'tags': every tag needs a Key"));
            result.put(key, AwsRequest.string(tag.path("Value"), "tags.Value").orElse(""));
        }
        return result;
    }

    private static Optional<String> enumValue(Optional<String> value, String parameter, List<String> allowed) {
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw AwsError.invalidParameter(parameter, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    private static void refusePagingWith(AwsRequest request, String listParameter) {
        for (String paging : List.of("maxResults", "nextToken")) {
            if (!request.member(paging).isMissingNode()) {
                throw AwsError.client("InvalidParameterException", "Invalid parameter at '" + paging
                        + "': it cannot be used together with " + listParameter);
            }
        }
    }

    private static ObjectNode json(EcrRepository repository) {
        ObjectNode node = AwsJson.object()
                .put("repositoryArn", repository.arn())
                .put("registryId", repository.registryId())
                .put("repositoryName", repository.name())
                .put("repositoryUri", repository.uri())
                .put("createdAt", AwsJson.epochSeconds(repository.createdAt()))
                .put("imageTagMutability", repository.imageTagMutability());
        node.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush());
        ObjectNode encryption = node.putObject("encryptionConfiguration")
                .put("encryptionType", repository.encryption().type());
        repository.encryption().kmsKey().ifPresent(key -> encryption.put("kmsKey", key));
        return node;
    }

    private static String key(String registryId, String name) {
        return registryId + "/" + name;
    }
}
