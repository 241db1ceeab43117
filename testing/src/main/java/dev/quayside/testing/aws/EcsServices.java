package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quayside.testing.aws.EcsScheduler.Behaviour;
import dev.quayside.testing.aws.EcsScheduler.Cluster;
import dev.quayside.testing.aws.EcsScheduler.Deployment;
import dev.quayside.testing.aws.EcsScheduler.Event;
import dev.quayside.testing.aws.EcsScheduler.Service;
import dev.quayside.testing.aws.EcsScheduler.ServiceDeployment;
import dev.quayside.testing.aws.EcsScheduler.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Amazon ECS clusters, services, deployments and tasks ({@code AmazonEC2ContainerServiceV20141113}),
 * progressing over the simulator's clock: every operation not claimed by {@link EcsTaskDefinitions}.
 *
 * <p>Operations: CreateCluster, DescribeClusters, CreateService, UpdateService, DeleteService,
 * DescribeServices, ListServices, ListTasks, DescribeTasks, ListServiceDeployments and
 * DescribeServiceDeployments.
 *
 * <p>There are no background threads. Each request first brings the model up to the clock's reading,
 * firing the scheduler's due transitions in time order (see {@link Timings}), so on a
 * {@code MutableClock} nothing moves until the test moves the clock. Tasks behave as the service's
 * {@link Scenario} says. Deployments follow ECS's rolling update: new tasks start within
 * {@code maximumPercent}, old ones drain as far as {@code minimumHealthyPercent} allows, and the
 * deployment completes once only its healthy tasks are left. The circuit breaker fails a deployment
 * after half the desired count of failed tasks (at least 3, at most 200) and, with rollback, makes the
 * last completed deployment PRIMARY again under its old id, as ECS does.
 *
 * <p>A deployment's id {@code ecs-svc/N} and its service revision
 * {@code arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/N} carry the same number;
 * the service deployment that rolls it out is {@code ...:service-deployment/<cluster>/<service>/<21
 * characters>}, linked to it by its {@code targetServiceRevision}. A rollback creates no service
 * deployment: the failed one goes ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL.
 *
 * <p>Clusters and services are kept per cluster name, not per region; ARNs name the region of the
 * CreateCluster request.
 */
public final class EcsServices implements AwsService {

    /**
     * How long the simulated scheduler and tasks take.
     *
     * @param placement from a change (update, task health, task stop) to the scheduler acting on it
     * @param provisioning a new task's PROVISIONING, before PENDING
     * @param pending PENDING (the image pull), before RUNNING
     * @param healthCheck from RUNNING to HEALTHY, or to failing its health checks
     * @param slowHealthCheck from RUNNING to HEALTHY under {@link Scenario#SLOW}
     * @param pullFailure from PENDING to STOPPED when the image cannot be pulled
     * @param drain from a running task's stop to STOPPED (deregistration delay, stop timeout)
     * @param stoppedTaskRetention how long STOPPED tasks stay listed and describable
     * @param inactiveServiceRetention how long an INACTIVE service stays describable before it is MISSING
     */
    public record Timings(Duration placement, Duration provisioning, Duration pending, Duration healthCheck,
            Duration slowHealthCheck, Duration pullFailure, Duration drain, Duration stoppedTaskRetention,
            Duration inactiveServiceRetention) {

        /** A two-task healthy rollout completes in 1 min 45 s; a failing task fails every 15 to 20 s. */
        public static final Timings DEFAULTS = new Timings(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMinutes(4), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(1));

        public Timings {
            for (Duration duration : List.of(placement, provisioning, pending, healthCheck, slowHealthCheck, pullFailure,
                    drain, stoppedTaskRetention, inactiveServiceRetention)) {
                if (Objects.requireNonNull(duration).isNegative()) {
                    throw new IllegalArgumentException("timings cannot be negative: " + duration);
                }
            }
        }
    }

    private static final String TARGET_PREFIX = EcsTaskDefinitions.TARGET_PREFIX;
    private static final List<String> LAUNCH_TYPES = List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");
    private static final List<String> DESIRED_STATUSES = List.of("RUNNING", "PENDING", "STOPPED");
    private static final List<String> SERVICE_DEPLOYMENT_STATUSES = List.of("PENDING", "SUCCESSFUL", "STOPPED",
            "STOP_REQUESTED", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL",
            "ROLLBACK_FAILED");
    private static final String DEFAULT_CLUSTER = "default";

    private final AwsContext context;
    private final EcsTaskDefinitions taskDefinitions;
    private final EcsScheduler scheduler;
    private final EcsImages images;
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private volatile boolean serviceDeploymentsApi = true;

    public EcsServices(AwsContext context, EcsTaskDefinitions taskDefinitions) {
        this.context = context;
        this.taskDefinitions = taskDefinitions;
        this.scheduler = new EcsScheduler(context.accountId(), context.clock().instant());
        this.images = new EcsImages(context.accountId());
    }

    /** Sets how the tasks of {@code serviceName}'s (in any cluster) next deployments behave; AUTO by default. */
    public void scenario(String serviceName, Scenario scenario) {
        scenarios.put(Objects.requireNonNull(serviceName), Objects.requireNonNull(scenario));
    }

    /** Replaces the timings; transitions already scheduled keep theirs. */
    public void timings(Timings timings) {
        synchronized (scheduler) {
            scheduler.timings(Objects.requireNonNull(timings));
        }
    }

    /** Spreads every simulated delay by up to ± {@code fraction} (seeded, reproducible); 0 by default. */
    public void jitter(double fraction) {
        synchronized (scheduler) {
            scheduler.jitter(fraction);
        }
    }

    public Timings timings() {
        synchronized (scheduler) {
            return scheduler.timings();
        }
    }

    /**
     * Lets {@link Scenario#AUTO} look images up in the registry this ECR simulator fronts; without it,
     * AUTO is HEALTHY. {@code AwsSimulator} does not link them by itself.
     */
    public void ecr(EcrSimulator ecr) {
        images.ecr(Objects.requireNonNull(ecr));
    }

    /**
     * With {@code false}, ListServiceDeployments and DescribeServiceDeployments answer
     * UnsupportedFeatureException, as where the service deployment API is not available.
     */
    public void serviceDeploymentsApi(boolean available) {
        serviceDeploymentsApi = available;
    }

    /**
     * When the deployment last reached rollout state COMPLETED or FAILED, by the simulator's clock; a
     * deployment brought back by a rollback reports its latest completion.
     */
    public Optional<Instant> verdictAt(String deploymentId) {
        synchronized (scheduler) {
            scheduler.advanceTo(context.clock().instant());
            return scheduler.deployment(deploymentId).map(d -> d.verdictAt);
        }
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        return switch (request.operation()) {
            case "CreateCluster" -> createCluster(request);
            case "DescribeClusters" -> describeClusters(request);
            case "CreateService" -> createService(request);
            case "UpdateService" -> updateService(request);
            case "DeleteService" -> deleteService(request);
            case "DescribeServices" -> describeServices(request);
            case "ListServices" -> listServices(request);
            case "ListTasks" -> listTasks(request);
            case "DescribeTasks" -> describeTasks(request);
            case "ListServiceDeployments" -> listServiceDeployments(request);
            case "DescribeServiceDeployments" -> describeServiceDeployments(request);
            default -> throw AwsError.unknownOperation(TARGET_PREFIX + "." + request.operation());
        };
    }

    // ---- clusters

    private ObjectNode createCluster(AwsRequest request) {
        String name = request.optionalString("clusterName").orElse(DEFAULT_CLUSTER);
        if (!name.matches("[a-zA-Z0-9_-]{1,255}")) {
            throw AwsError.client("InvalidParameterException", "Cluster name can only contain letters, numbers,"
                    + " hyphens, and underscores, and must be 255 characters or fewer.");
        }
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            response.set("cluster", json(scheduler.createCluster(name, request.region())));
            return response;
        }
    }

    private ObjectNode describeClusters(AwsRequest request) {
        List<String> names = request.member("clusters").isMissingNode() ? List.of(DEFAULT_CLUSTER)
                : request.stringList("clusters");
        limit(names, "clusters", 100);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode clusters = response.putArray("clusters");
            ArrayNode failures = response.putArray("failures");
            for (String name : names) {
                Optional<Cluster> cluster = scheduler.cluster(name);
                if (cluster.isPresent()) {
                    clusters.add(json(cluster.get()));
                } else {
                    failures.add(failure(name.startsWith("arn:") ? name
                            : "arn:aws:ecs:" + request.region() + ":" + context.accountId() + ":cluster/" + name));
                }
            }
            return response;
        }
    }

    // ---- services

    private ObjectNode createService(AwsRequest request) {
        String name = request.requiredString("serviceName");
        if (!name.matches("[a-zA-Z0-9_-]{1,255}")) {
            throw AwsError.client("InvalidParameterException", "Service name can only contain letters, numbers,"
                    + " hyphens, and underscores, and must be 255 characters or fewer.");
        }
        ObjectNode taskDefinition = taskDefinition(request.requiredString("taskDefinition"));
        int desiredCount = nonNegative(request, "desiredCount").orElse(1);
        String launchType = enumValue(request.optionalString("launchType"), "launchType", LAUNCH_TYPES).orElse("FARGATE");
        String platformVersion = request.optionalString("platformVersion").orElse("LATEST");
        ObjectNode configuration = deploymentConfiguration(request.structure("deploymentConfiguration"), defaults());
        JsonNode network = request.structure("networkConfiguration");
        JsonNode loadBalancers = list(request, "loadBalancers");
        Optional<Integer> grace = request.optionalInt("healthCheckGracePeriodSeconds");
        Cluster cluster = existingCluster(request);
        Behaviour behaviour = behaviour(name, taskDefinition, cluster.region);
        synchronized (scheduler) {
            advance();
            Optional<Service> existing = scheduler.service(cluster, name);
            if (existing.isPresent() && !existing.get().status.equals(EcsScheduler.INACTIVE)) {
                throw AwsError.client("InvalidParameterException", "Creation of service was not idempotent.");
            }
            Service service = scheduler.createService(cluster, name, desiredCount, launchType, platformVersion,
                    configuration, network.isMissingNode() ? null : network.deepCopy(), loadBalancers.deepCopy(),
                    grace.orElse(null), taskDefinition, behaviour);
            return serviceResponse(service);
        }
    }

    private ObjectNode updateService(AwsRequest request) {
        String name = request.requiredString("service");
        Optional<ObjectNode> taskDefinition = request.optionalString("taskDefinition").map(this::taskDefinition);
        Optional<Integer> desiredCount = nonNegative(request, "desiredCount");
        boolean force = optionalBoolean(request, "forceNewDeployment").orElse(false);
        JsonNode configuration = request.structure("deploymentConfiguration");
        JsonNode network = request.structure("networkConfiguration");
        Optional<JsonNode> loadBalancers = request.member("loadBalancers").isMissingNode() ? Optional.empty()
                : Optional.of(list(request, "loadBalancers").deepCopy());
        Cluster cluster = existingCluster(request);
        ObjectNode deployed;
        synchronized (scheduler) {
            advance();
            deployed = activeService(cluster, name).primary.taskDefinition;
        }
        // Decided outside the lock: AUTO may ask the registry.
        Behaviour behaviour = behaviour(EcsScheduler.lastSegment(name), taskDefinition.orElse(deployed), cluster.region);
        synchronized (scheduler) {
            advance();
            Service service = activeService(cluster, name);
            scheduler.updateService(service, desiredCount,
                    configuration.isMissingNode() ? Optional.empty()
                            : Optional.of(deploymentConfiguration(configuration, service.deploymentConfiguration)),
                    network.isMissingNode() ? Optional.empty() : Optional.of(network.deepCopy()), loadBalancers,
                    taskDefinition, behaviour, force);
            return serviceResponse(service);
        }
    }

    private ObjectNode deleteService(AwsRequest request) {
        String name = request.requiredString("service");
        boolean force = optionalBoolean(request, "force").orElse(false);
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            Service service = activeService(cluster, name);
            if (!force && service.desiredCount > 0) {
                throw AwsError.client("InvalidParameterException",
                        "The service cannot be stopped while it is scaled above 0.");
            }
            scheduler.deleteService(service);
            return serviceResponse(service);
        }
    }

    private ObjectNode describeServices(AwsRequest request) {
        List<String> names = request.stringList("services");
        if (names.isEmpty()) {
            throw AwsError.invalidParameter("services", "Member must not be null");
        }
        limit(names, "services", 10);
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode services = response.putArray("services");
            ArrayNode failures = response.putArray("failures");
            for (String name : names) {
                Optional<Service> service = scheduler.service(cluster, name);
                if (service.isPresent()) {
                    services.add(json(service.get()));
                } else {
                    failures.add(failure(name.startsWith("arn:") ? name
                            : cluster.arn.replace(":cluster/", ":service/") + "/" + name));
                }
            }
            return response;
        }
    }

    private ObjectNode listServices(AwsRequest request) {
        Optional<String> launchType = enumValue(request.optionalString("launchType"), "launchType", LAUNCH_TYPES);
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            // Like ECS, only ACTIVE services are listed.
            List<String> arns = cluster.services.stream()
                    .filter(s -> s.status.equals(EcsScheduler.ACTIVE))
                    .filter(s -> launchType.map(s.launchType::equals).orElse(true))
                    .map(s -> s.arn).toList();
            return page(request, arns, "serviceArns");
        }
    }

    // ---- tasks

    private ObjectNode listTasks(AwsRequest request) {
        Optional<String> serviceName = request.optionalString("serviceName");
        Optional<String> startedBy = request.optionalString("startedBy");
        Optional<String> family = request.optionalString("family");
        String desiredStatus = enumValue(request.optionalString("desiredStatus"), "desiredStatus", DESIRED_STATUSES)
                .orElse("RUNNING");
        Optional<String> launchType = enumValue(request.optionalString("launchType"), "launchType", LAUNCH_TYPES);
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            List<Service> services = serviceName.isPresent()
                    ? List.of(scheduler.service(cluster, serviceName.get()).orElseThrow(EcsServices::serviceNotFound))
                    : cluster.services;
            Predicate<Task> wanted = task -> task.desiredStatus.equals(desiredStatus) && !scheduler.expired(task)
                    && startedBy.map(task.deployment.id::equals).orElse(true)
                    && family.map(f -> f.equals(task.deployment.taskDefinition.path("family").asText())).orElse(true)
                    && launchType.map(task.deployment.launchType::equals).orElse(true);
            List<String> arns = services.stream().flatMap(s -> s.tasks().stream())
                    .sorted((a, b) -> a.createdAt.compareTo(b.createdAt))
                    .filter(wanted).map(t -> t.arn).toList();
            return page(request, arns, "taskArns");
        }
    }

    private ObjectNode describeTasks(AwsRequest request) {
        List<String> ids = request.stringList("tasks");
        if (ids.isEmpty()) {
            throw AwsError.invalidParameter("tasks", "Member must not be null");
        }
        limit(ids, "tasks", 100);
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode tasks = response.putArray("tasks");
            ArrayNode failures = response.putArray("failures");
            for (String id : ids) {
                Optional<Task> task = scheduler.task(cluster, id);
                if (task.isPresent()) {
                    tasks.add(json(task.get()));
                } else {
                    failures.add(failure(id.startsWith("arn:") ? id : "arn:aws:ecs:" + cluster.region + ":"
                            + context.accountId() + ":task/" + cluster.name + "/" + id));
                }
            }
            return response;
        }
    }

    // ---- service deployments

    private ObjectNode listServiceDeployments(AwsRequest request) {
        requireServiceDeploymentsApi();
        String name = request.requiredString("service");
        List<String> statuses = request.stringList("status");
        for (String status : statuses) {
            enumValue(Optional.of(status), "status", SERVICE_DEPLOYMENT_STATUSES);
        }
        JsonNode createdAt = request.structure("createdAt");
        Optional<Instant> after = instant(createdAt.path("after"), "createdAt.after");
        Optional<Instant> before = instant(createdAt.path("before"), "createdAt.before");
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            Service service = scheduler.service(cluster, name).orElseThrow(EcsServices::serviceNotFound);
            List<ServiceDeployment> found = new ArrayList<>();
            for (int i = service.serviceDeployments.size() - 1; i >= 0; i--) {
                ServiceDeployment deployment = service.serviceDeployments.get(i);
                if ((statuses.isEmpty() || statuses.contains(deployment.status))
                        && after.map(a -> !deployment.createdAt.isBefore(a)).orElse(true)
                        && before.map(b -> !deployment.createdAt.isAfter(b)).orElse(true)) {
                    found.add(deployment);
                }
            }
            Pages.Page<ServiceDeployment> page = Pages.page(found, maxResults(request, 100),
                    request.optionalString("nextToken"));
            ObjectNode response = AwsJson.object();
            ArrayNode briefs = response.putArray("serviceDeployments");
            for (ServiceDeployment deployment : page.items()) {
                ObjectNode brief = briefs.addObject()
                        .put("serviceDeploymentArn", deployment.arn)
                        .put("serviceArn", service.arn)
                        .put("clusterArn", cluster.arn);
                time(brief, "startedAt", deployment.startedAt);
                time(brief, "createdAt", deployment.createdAt);
                time(brief, "finishedAt", deployment.finishedAt);
                brief.put("targetServiceRevisionArn", deployment.target.revisionArn()).put("status", deployment.status);
                if (deployment.statusReason != null) {
                    brief.put("statusReason", deployment.statusReason);
                }
            }
            page.nextToken().ifPresent(token -> response.put("nextToken", token));
            return response;
        }
    }

    private ObjectNode describeServiceDeployments(AwsRequest request) {
        requireServiceDeploymentsApi();
        List<String> arns = request.stringList("serviceDeploymentArns");
        if (arns.isEmpty()) {
            throw AwsError.invalidParameter("serviceDeploymentArns", "Member must not be null");
        }
        limit(arns, "serviceDeploymentArns", 20);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode deployments = response.putArray("serviceDeployments");
            ArrayNode failures = response.putArray("failures");
            for (String arn : arns) {
                Optional<ServiceDeployment> deployment = scheduler.serviceDeployment(arn);
                if (deployment.isPresent()) {
                    deployments.add(json(deployment.get()));
                } else {
                    failures.add(failure(arn));
                }
            }
            return response;
        }
    }

    private void requireServiceDeploymentsApi() {
        if (!serviceDeploymentsApi) {
            throw AwsError.client("UnsupportedFeatureException",
                    "Service deployments are not supported in this Region.");
        }
    }

    // ---- request helpers

    private void advance() {
        scheduler.advanceTo(context.clock().instant());
    }

    /** The task definition as DescribeTaskDefinition shows it; ClientException as ECS words it otherwise. */
    private ObjectNode taskDefinition(String reference) {
        ObjectNode taskDefinition = taskDefinitions.resolve(reference)
                .orElseThrow(() -> AwsError.client("ClientException", "TaskDefinition not found."));
        if (taskDefinition.path("status").asText("ACTIVE").equals("INACTIVE")) {
            throw AwsError.client("ClientException", "TaskDefinition is inactive");
        }
        return taskDefinition;
    }

    private Behaviour behaviour(String serviceName, ObjectNode taskDefinition, String region) {
        String firstImage = taskDefinition.path("containerDefinitions").path(0).path("image").asText("");
        return switch (scenarios.getOrDefault(serviceName, Scenario.AUTO)) {
            case HEALTHY -> Behaviour.HEALTHY;
            case SLOW -> new Behaviour(Behaviour.Kind.SLOW, null, false);
            case FAILING_HEALTH_CHECK -> new Behaviour(Behaviour.Kind.FAILING_HEALTH_CHECK, null, false);
            case CANNOT_PULL -> new Behaviour(Behaviour.Kind.CANNOT_PULL, firstImage, false);
            case FAILED_NO_ROLLBACK -> new Behaviour(Behaviour.Kind.CANNOT_PULL, firstImage, true);
            case AUTO -> images.firstMissing(taskDefinition, region)
                    .map(image -> new Behaviour(Behaviour.Kind.CANNOT_PULL, image, false))
                    .orElse(Behaviour.HEALTHY);
        };
    }

    private Cluster existingCluster(AwsRequest request) {
        String name = request.optionalString("cluster").orElse(DEFAULT_CLUSTER);
        synchronized (scheduler) {
            return scheduler.cluster(name)
                    .orElseThrow(() -> AwsError.client("ClusterNotFoundException", "Cluster not found."));
        }
    }

    private Service activeService(Cluster cluster, String name) {
        Service service = scheduler.service(cluster, name).orElseThrow(EcsServices::serviceNotFound);
        if (!service.status.equals(EcsScheduler.ACTIVE)) {
            throw AwsError.client("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        return service;
    }

    /** ECS answers an unknown service with an empty message. */
    private static AwsError serviceNotFound() {
        return AwsError.client("ServiceNotFoundException", "");
    }

    private static ObjectNode defaults() {
        ObjectNode configuration = AwsJson.object();
        configuration.putObject("deploymentCircuitBreaker").put("enable", false).put("rollback", false);
        return configuration.put("maximumPercent", 200).put("minimumHealthyPercent", 100);
    }

    /** {@code base} with the members {@code given} sets. */
    private static ObjectNode deploymentConfiguration(JsonNode given, ObjectNode base) {
        ObjectNode merged = base.deepCopy();
        if (given.isMissingNode()) {
            return merged;
        }
        given.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue().deepCopy()));
        JsonNode breaker = given.path("deploymentCircuitBreaker");
        if (!breaker.isMissingNode()) {
            for (String member : List.of("enable", "rollback")) {
                if (!breaker.path(member).isBoolean()) {
                    throw AwsError.invalidParameter("deploymentConfiguration.deploymentCircuitBreaker." + member,
                            "Member must not be null");
                }
            }
        }
        for (String percent : List.of("maximumPercent", "minimumHealthyPercent")) {
            JsonNode value = merged.path(percent);
            if (!value.canConvertToExactIntegral() || value.intValue() < 0) {
                throw AwsError.invalidParameter("deploymentConfiguration." + percent,
                        "Member must be a non-negative integer");
            }
        }
        return merged;
    }

    private static Optional<Integer> nonNegative(AwsRequest request, String name) {
        Optional<Integer> value = request.optionalInt(name);
        if (value.isPresent() && value.get() < 0) {
            throw AwsError.invalidParameter(name, "Member must have value greater than or equal to 0");
        }
        return value;
    }

    private static Optional<Boolean> optionalBoolean(AwsRequest request, String name) {
        JsonNode node = request.member(name);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw AwsError.serialization("Expected a boolean for '" + name + "'");
        }
        return Optional.of(node.booleanValue());
    }

    private static JsonNode list(AwsRequest request, String name) {
        JsonNode node = request.member(name);
        if (node.isMissingNode()) {
            return AwsJson.MAPPER.createArrayNode();
        }
        if (!node.isArray()) {
            throw AwsError.serialization("Expected a list for '" + name + "'");
        }
        return node;
    }

    private static Optional<Instant> instant(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw AwsError.serialization("Expected a timestamp for '" + name + "'");
        }
        BigDecimal millis = node.decimalValue().movePointRight(3);
        return Optional.of(Instant.ofEpochMilli(millis.longValue()));
    }

    private static Optional<Integer> maxResults(AwsRequest request, int limit) {
        Optional<Integer> maxResults = request.optionalInt("maxResults");
        if (maxResults.isPresent() && maxResults.get() > limit) {
            throw AwsError.invalidParameter("maxResults", "Member must have value less than or equal to " + limit);
        }
        return maxResults;
    }

    private static ObjectNode page(AwsRequest request, List<String> all, String member) {
        Pages.Page<String> page = Pages.page(all, maxResults(request, 100), request.optionalString("nextToken"));
        ObjectNode response = AwsJson.object();
        page.items().forEach(response.putArray(member)::add);
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private static void limit(List<String> values, String name, int limit) {
        if (values.size() > limit) {
            throw AwsError.invalidParameter(name, "Member must have length less than or equal to " + limit);
        }
    }

    private static Optional<String> enumValue(Optional<String> value, String parameter, List<String> allowed) {
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw AwsError.invalidParameter(parameter, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    // ---- JSON views; callers hold the scheduler's monitor

    private ObjectNode serviceResponse(Service service) {
        ObjectNode response = AwsJson.object();
        response.set("service", json(service));
        return response;
    }

    private static ObjectNode failure(String arn) {
        return AwsJson.object().put("arn", arn).put("reason", "MISSING");
    }

    private static void time(ObjectNode node, String name, Instant instant) {
        if (instant != null) {
            node.put(name, AwsJson.epochSeconds(instant));
        }
    }

    private ObjectNode json(Cluster cluster) {
        List<Task> tasks = cluster.services.stream().flatMap(s -> s.tasks().stream()).toList();
        ObjectNode node = AwsJson.object()
                .put("clusterArn", cluster.arn)
                .put("clusterName", cluster.name)
                .put("status", "ACTIVE")
                .put("registeredContainerInstancesCount", 0)
                .put("runningTasksCount", tasks.stream().filter(t -> t.lastStatus.equals(EcsScheduler.RUNNING)).count())
                .put("pendingTasksCount", tasks.stream().filter(Task::starting).count())
                .put("activeServicesCount",
                        cluster.services.stream().filter(s -> s.status.equals(EcsScheduler.ACTIVE)).count());
        node.putArray("statistics");
        node.putArray("tags");
        node.putArray("settings").addObject().put("name", "containerInsights").put("value", "disabled");
        node.putArray("capacityProviders");
        node.putArray("defaultCapacityProviderStrategy");
        return node;
    }

    private ObjectNode json(Service service) {
        List<Task> tasks = service.tasks();
        ObjectNode node = AwsJson.object()
                .put("serviceArn", service.arn)
                .put("serviceName", service.name)
                .put("clusterArn", service.cluster.arn);
        node.set("loadBalancers", service.loadBalancers.deepCopy());
        node.putArray("serviceRegistries");
        node.put("status", service.status)
                .put("desiredCount", service.desiredCount)
                .put("runningCount", tasks.stream().filter(t -> t.lastStatus.equals(EcsScheduler.RUNNING)).count())
                .put("pendingCount", tasks.stream().filter(Task::starting).count())
                .put("launchType", service.launchType);
        if (service.launchType.equals("FARGATE")) {
            node.put("platformVersion", service.platformVersion).put("platformFamily", "Linux");
        }
        node.put("taskDefinition", service.primary.taskDefinitionArn);
        node.set("deploymentConfiguration", service.deploymentConfiguration.deepCopy());
        ArrayNode deployments = node.putArray("deployments");
        ArrayNode revisions = AwsJson.MAPPER.createArrayNode();
        for (Deployment deployment : service.visibleDeployments()) {
            deployments.add(json(deployment));
            revisions.add(revision(deployment));
        }
        ArrayNode events = node.putArray("events");
        for (Event event : service.events) {
            events.addObject()
                    .put("id", event.id())
                    .put("createdAt", AwsJson.epochSeconds(event.createdAt()))
                    .put("message", event.message());
        }
        time(node, "createdAt", service.createdAt);
        node.put("currentServiceDeployment", service.serviceDeployments.get(service.serviceDeployments.size() - 1).arn);
        node.set("currentServiceRevisions", revisions);
        node.putArray("placementConstraints");
        node.putArray("placementStrategy");
        if (service.networkConfiguration != null) {
            node.set("networkConfiguration", service.networkConfiguration.deepCopy());
        }
        if (service.healthCheckGracePeriodSeconds != null) {
            node.put("healthCheckGracePeriodSeconds", service.healthCheckGracePeriodSeconds);
        }
        node.put("schedulingStrategy", "REPLICA");
        node.putObject("deploymentController").put("type", "ECS");
        node.put("createdBy", "arn:aws:iam::" + context.accountId() + ":root")
                .put("enableECSManagedTags", false)
                .put("propagateTags", "NONE")
                .put("enableExecuteCommand", false);
        return node;
    }

    private static ObjectNode json(Deployment deployment) {
        ObjectNode node = AwsJson.object()
                .put("id", deployment.id)
                .put("status", deployment.status)
                .put("taskDefinition", deployment.taskDefinitionArn)
                .put("desiredCount", deployment.desiredCount())
                .put("pendingCount", deployment.pendingCount())
                .put("runningCount", deployment.count(EcsScheduler.RUNNING))
                .put("failedTasks", deployment.failedTasks);
        time(node, "createdAt", deployment.createdAt);
        time(node, "updatedAt", deployment.updatedAt);
        node.put("launchType", deployment.launchType);
        if (deployment.launchType.equals("FARGATE")) {
            node.put("platformVersion", "1.4.0").put("platformFamily", "Linux");
        }
        if (deployment.networkConfiguration != null) {
            node.set("networkConfiguration", deployment.networkConfiguration.deepCopy());
        }
        return node.put("rolloutState", deployment.rolloutState)
                .put("rolloutStateReason", deployment.rolloutStateReason);
    }

    private static ObjectNode revision(Deployment deployment) {
        return AwsJson.object()
                .put("arn", deployment.revisionArn())
                .put("requestedTaskCount", deployment.desiredCount())
                .put("runningTaskCount", deployment.count(EcsScheduler.RUNNING))
                .put("pendingTaskCount", deployment.pendingCount());
    }

    private ObjectNode json(Task task) {
        Deployment deployment = task.deployment;
        Service service = deployment.service;
        String region = service.cluster.region;
        ObjectNode node = AwsJson.object();
        node.putArray("attachments");
        node.put("availabilityZone", region + "a").put("clusterArn", service.cluster.arn);
        if (task.startedAt != null) {
            node.put("connectivity", "CONNECTED");
            time(node, "connectivityAt", task.startedAt);
        }
        ArrayNode containers = node.putArray("containers");
        JsonNode definitions = deployment.taskDefinition.path("containerDefinitions");
        for (int i = 0; i < task.containerIds.size(); i++) {
            JsonNode definition = definitions.path(i);
            ObjectNode container = containers.addObject()
                    .put("containerArn", "arn:aws:ecs:" + region + ":" + context.accountId() + ":container/"
                            + service.cluster.name + "/" + task.id + "/" + task.containerIds.get(i))
                    .put("taskArn", task.arn)
                    .put("name", definition.path("name").asText("app"))
                    .put("image", definition.path("image").asText(""))
                    .put("lastStatus", task.starting() ? "PENDING" : task.lastStatus);
            if (task.exitCode != null) {
                container.put("exitCode", task.exitCode);
            }
            if (i == task.failedContainer) {
                container.put("reason", task.stoppedReason);
            }
            container.put("healthStatus", task.healthStatus);
        }
        JsonNode cpu = deployment.taskDefinition.path("cpu");
        if (cpu.isTextual()) {
            node.put("cpu", cpu.asText());
        }
        time(node, "createdAt", task.createdAt);
        node.put("desiredStatus", task.desiredStatus)
                .put("enableExecuteCommand", false);
        time(node, "executionStoppedAt", task.stoppedAt);
        node.put("group", "service:" + service.name)
                .put("healthStatus", task.healthStatus)
                .put("lastStatus", task.lastStatus)
                .put("launchType", deployment.launchType);
        JsonNode memory = deployment.taskDefinition.path("memory");
        if (memory.isTextual()) {
            node.put("memory", memory.asText());
        }
        if (deployment.launchType.equals("FARGATE")) {
            node.put("platformVersion", "1.4.0").put("platformFamily", "Linux");
        }
        time(node, "pullStartedAt", task.pullStartedAt);
        time(node, "pullStoppedAt", task.pullStoppedAt);
        time(node, "startedAt", task.startedAt);
        node.put("startedBy", deployment.id);
        if (task.stopCode != null) {
            node.put("stopCode", task.stopCode);
        }
        time(node, "stoppedAt", task.stoppedAt);
        if (task.stoppedReason != null) {
            node.put("stoppedReason", task.stoppedReason);
        }
        time(node, "stoppingAt", task.stoppingAt);
        node.putArray("tags");
        return node.put("taskArn", task.arn)
                .put("taskDefinitionArn", deployment.taskDefinitionArn)
                .put("version", task.version);
    }

    private ObjectNode json(ServiceDeployment deployment) {
        Service service = deployment.target.service;
        ObjectNode node = AwsJson.object()
                .put("serviceDeploymentArn", deployment.arn)
                .put("serviceArn", service.arn)
                .put("clusterArn", service.cluster.arn);
        time(node, "createdAt", deployment.createdAt);
        time(node, "startedAt", deployment.startedAt);
        time(node, "finishedAt", deployment.finishedAt);
        time(node, "stoppedAt", deployment.stoppedAt);
        time(node, "updatedAt", deployment.updatedAt);
        ArrayNode sources = node.putArray("sourceServiceRevisions");
        deployment.sources.forEach(source -> sources.add(revision(source)));
        node.set("targetServiceRevision", revision(deployment.target));
        node.put("status", deployment.status);
        if (deployment.statusReason != null) {
            node.put("statusReason", deployment.statusReason);
        }
        node.set("deploymentConfiguration", deployment.target.deploymentConfiguration.deepCopy());
        if (deployment.rollbackTo != null) {
            ObjectNode rollback = node.putObject("rollback").put("reason", EcsScheduler.CIRCUIT_BREAKER_FAILED);
            time(rollback, "startedAt", deployment.rollbackStartedAt);
            rollback.put("serviceRevisionArn", deployment.rollbackTo.revisionArn());
        }
        node.putObject("deploymentCircuitBreaker")
                .put("status", deployment.breakerStatus)
                .put("failureCount", deployment.target.failedTasks)
                .put("threshold", EcsScheduler.threshold(service.desiredCount));
        node.putObject("alarms").put("status", "DISABLED");
        return node;
    }
}
