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
import dev.quayside.testing.aws.EcsScheduler.Settings;
import dev.quayside.testing.aws.EcsScheduler.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Amazon ECS clusters, services, deployments and tasks ({@code AmazonEC2ContainerServiceV20141113}),
 * progressing over the simulator's clock: every operation not claimed by {@link EcsTaskDefinitions}.
 *
 * <p>Operations: CreateCluster, DescribeClusters, PutClusterCapacityProviders, CreateService,
 * UpdateService, DeleteService, DescribeServices, ListServices, RunTask, StopTask, ListTasks, DescribeTasks,
 * ListServiceDeployments and DescribeServiceDeployments.
 *
 * <p>RunTask starts one-off tasks (a database migration): PROVISIONING, PENDING, RUNNING, and after
 * {@link #runTaskDuration(Duration)} STOPPED with stop code EssentialContainerExited and the essential
 * containers' exit code: {@link #runTaskExitCode(String, int)} for the family, else the first image's
 * config label {@code dev.quayside.simulator.exit-code}, else 0. An image missing from the fronted
 * registry fails to start as a service's task does. StopTask stops any task (stop code UserInitiated).
 *
 * <p>Containers with the {@code awslogs} log driver write what a small app would (see
 * {@code TaskLogs}) to {@code <awslogs-stream-prefix>/<container name>/<task id>} of their
 * {@code awslogs-group}, at the simulated instants, if the group exists or {@code awslogs-create-group}
 * is {@code true}; a task that cannot pull its image writes nothing.
 *
 * <p>The capacity providers are FARGATE and FARGATE_SPOT (Spot tasks behave like the others). CreateService
 * and UpdateService make ECS's own server-side checks, with its codes and messages: launch type against
 * capacity provider strategy, the strategy against the cluster, awsvpc network configuration against the
 * task definition's network mode, load balancers against its containers and ports, the health check
 * grace period, idempotency by client token, and the forced deployment a strategy change needs.
 * Members the simulator does not model (placement, service registries, tags, deployment controller, ...)
 * are checked for shape, stored and described.
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
    private static final List<String> CAPACITY_PROVIDERS = List.of("FARGATE", "FARGATE_SPOT");
    private static final List<String> SCHEDULING_STRATEGIES = List.of("REPLICA", "DAEMON");
    private static final List<String> PROPAGATE_TAGS = List.of("TASK_DEFINITION", "SERVICE", "NONE");
    private static final List<String> DEPLOYMENT_CONTROLLERS = List.of("ECS", "CODE_DEPLOY", "EXTERNAL");
    private static final List<String> ASSIGN_PUBLIC_IP = List.of("ENABLED", "DISABLED");
    private static final List<String> REBALANCING = List.of("ENABLED", "DISABLED");
    private static final List<String> SERVICE_FIELDS = List.of("TAGS");
    private static final List<String> PLATFORM_VERSIONS = List.of("LATEST", "1.4.0", "1.3.0", "1.0.0");
    private static final Pattern SUBNET = Pattern.compile("subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final List<String> TASK_FIELDS = List.of("TAGS");
    private static final int MAX_RUN_TASK_COUNT = 10;

    // The input members of the current ECS model (a superset of what the Java SDK and the Debian CLI send).
    private static final Set<String> CREATE_CLUSTER_MEMBERS = Set.of("clusterName", "tags", "settings",
            "configuration", "capacityProviders", "defaultCapacityProviderStrategy", "serviceConnectDefaults");
    private static final Set<String> PUT_CLUSTER_CAPACITY_PROVIDERS_MEMBERS = Set.of("cluster", "capacityProviders",
            "defaultCapacityProviderStrategy");
    private static final Set<String> CREATE_SERVICE_MEMBERS = Set.of("cluster", "serviceName", "taskDefinition",
            "availabilityZoneRebalancing", "loadBalancers", "serviceRegistries", "desiredCount", "clientToken",
            "launchType", "capacityProviderStrategy", "platformVersion", "role", "deploymentConfiguration",
            "placementConstraints", "placementStrategy", "networkConfiguration", "healthCheckGracePeriodSeconds",
            "schedulingStrategy", "deploymentController", "tags", "enableECSManagedTags", "propagateTags",
            "enableExecuteCommand", "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations");
    private static final Set<String> RUN_TASK_MEMBERS = Set.of("capacityProviderStrategy", "cluster", "count",
            "enableECSManagedTags", "enableExecuteCommand", "group", "launchType", "networkConfiguration", "overrides",
            "placementConstraints", "placementStrategy", "platformVersion", "propagateTags", "referenceId", "startedBy",
            "tags", "taskDefinition", "clientToken", "volumeConfigurations");
    private static final Set<String> STOP_TASK_MEMBERS = Set.of("cluster", "task", "reason");
    private static final Set<String> UPDATE_SERVICE_MEMBERS = Set.of("cluster", "service", "desiredCount",
            "taskDefinition", "capacityProviderStrategy", "deploymentConfiguration", "availabilityZoneRebalancing",
            "networkConfiguration", "placementConstraints", "placementStrategy", "platformVersion",
            "forceNewDeployment", "healthCheckGracePeriodSeconds", "deploymentController", "enableExecuteCommand",
            "enableECSManagedTags", "loadBalancers", "propagateTags", "serviceRegistries",
            "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations");

    // ECS's messages, as ECS answers them where known; "(wording unverified)" marks the simulator's own.
    static final String BOTH_LAUNCH_TYPE_AND_STRATEGY = "Specifying both a launch type and capacity provider"
            + " strategy is not supported. Remove one and try again.";
    static final String NOT_ASSOCIATED = "The specified capacity provider strategy cannot contain a capacity"
            + " provider that is not associated with the cluster. Associate the capacity provider with the cluster"
            + " or specify a valid capacity provider and try again.";
    static final String PROVIDER_NOT_FOUND = "The specified capacity provider was not found. Specify a valid"
            + " capacity provider and try again.";
    static final String PROVIDER_IN_USE = "The specified capacity provider is in use and cannot be removed.";
    /** Wording unverified: ECS's documentation says only one provider of a strategy can have a base. */
    static final String ONE_BASE = "The capacity provider strategy can only have one capacity provider with a base"
            + " value specified.";
    static final String NO_WEIGHT_DEFAULT = "There are no capacity providers with a weight value greater than zero"
            + " defined in the default capacity provider strategy. At least one capacity provider must have a weight"
            + " value greater than zero specified. Update the cluster's default capacity provider strategy or specify"
            + " a valid capacity provider strategy and try again.";
    /** ECS's message for the cluster default, worded for a given strategy (wording unverified). */
    static final String NO_WEIGHT = "There are no capacity providers with a weight value greater than zero defined"
            + " in the specified capacity provider strategy. At least one capacity provider must have a weight value"
            + " greater than zero specified. Specify a valid capacity provider strategy and try again.";
    static final String DAEMON_WITH_STRATEGY = "Specifying a capacity provider strategy is not supported when you"
            + " create a service using the DAEMON scheduling strategy.";
    static final String FORCE_NEW_DEPLOYMENT = "When switching from launch type to capacity provider strategy on an"
            + " existing service, or making a change to a capacity provider strategy on a service that is already"
            + " using one, you must force a new deployment.";
    static final String NETWORK_REQUIRED = "Network Configuration must be provided when networkMode 'awsvpc' is"
            + " specified.";
    static final String NETWORK_NOT_VALID = "Network Configuration is not valid for the given networkMode of this"
            + " task definition.";
    static final String SUBNETS_EMPTY = "subnets can not be empty.";
    static final String GRACE_WITHOUT_LOAD_BALANCER = "Health check grace period is only valid for services"
            + " configured to use load balancers";
    static final String ROLE_WITH_AWSVPC = "You cannot specify an IAM role for services that require a service"
            + " linked role.";
    static final String PLATFORM_VERSION_OFF_FARGATE = "The platform version must be null when specifying an EC2"
            + " launch type.";
    static final String NOT_IDEMPOTENT = "Creation of service was not idempotent.";
    static final String INCONSISTENT = "Arguments on this idempotent request are inconsistent with arguments used in"
            + " previous request(s).";
    static final String TASK_NOT_FOUND = "The referenced task was not found.";
    static final String CODE_DEPLOY_TASK_DEFINITION = "Unable to update task definition on services with a"
            + " CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.";

    private final AwsContext context;
    private final EcsTaskDefinitions taskDefinitions;
    private final EcsScheduler scheduler;
    private final EcsImages images;
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();
    private final Map<String, Integer> runTaskExitCodes = new ConcurrentHashMap<>();
    private volatile Duration runTaskDuration = Duration.ofSeconds(30);
    /** RunTask's client tokens, by cluster and token: the request and the tasks it started. */
    private final Map<String, RunTaskCall> runTaskCalls = new ConcurrentHashMap<>();
    private volatile boolean serviceDeploymentsApi = true;

    private record RunTaskCall(JsonNode request, List<Task> tasks) {
    }

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

    /**
     * The exit code of the essential containers of the tasks that RunTask starts from this task definition
     * family from now on; 0 by default (or what the image's exit-code label says).
     */
    public void runTaskExitCode(String family, int exitCode) {
        runTaskExitCodes.put(Objects.requireNonNull(family), exitCode);
    }

    /** How long the tasks RunTask starts from now on run, from RUNNING to their exit; 30 s by default. */
    public void runTaskDuration(Duration duration) {
        if (Objects.requireNonNull(duration).isNegative()) {
            throw new IllegalArgumentException("a task cannot run for negative time: " + duration);
        }
        runTaskDuration = duration;
    }

    /**
     * Lets the tasks' containers with the awslogs driver write to this Logs simulator; {@code AwsSimulator}
     * links its own.
     */
    public void logs(LogsSimulator logs) {
        synchronized (scheduler) {
            scheduler.logs(logs::write);
        }
    }

    /** Brings the model up to the clock's reading (what every request does first). */
    void catchUp() {
        synchronized (scheduler) {
            advance();
        }
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

    /**
     * An item of a capacity provider strategy, for {@link AwsSimulator#createCluster}.
     *
     * @param weight 0 to 1000
     * @param base 0 to 100000
     */
    public record StrategyItem(String capacityProvider, int weight, int base) {

        public StrategyItem {
            Objects.requireNonNull(capacityProvider);
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
            case "PutClusterCapacityProviders" -> putClusterCapacityProviders(request);
            case "CreateService" -> createService(request);
            case "UpdateService" -> updateService(request);
            case "DeleteService" -> deleteService(request);
            case "DescribeServices" -> describeServices(request);
            case "ListServices" -> listServices(request);
            case "RunTask" -> runTask(request);
            case "StopTask" -> stopTask(request);
            case "ListTasks" -> listTasks(request);
            case "DescribeTasks" -> describeTasks(request);
            case "ListServiceDeployments" -> listServiceDeployments(request);
            case "DescribeServiceDeployments" -> describeServiceDeployments(request);
            default -> throw AwsError.unknownOperation(TARGET_PREFIX + "." + request.operation());
        };
    }

    // ---- clusters

    /**
     * Idempotent, as in ECS: the existing cluster of that name is the answer, unless the request gives it
     * other capacity providers or another default strategy.
     */
    private ObjectNode createCluster(AwsRequest request) {
        request.refuseUnknownMembers(CREATE_CLUSTER_MEMBERS);
        String name = request.optionalString("clusterName").orElse(DEFAULT_CLUSTER);
        if (!name.matches("[a-zA-Z0-9_-]{1,255}")) {
            throw AwsError.client("InvalidParameterException", "Cluster name can only contain letters, numbers,"
                    + " hyphens, and underscores, and must be 255 characters or fewer.");
        }
        boolean providersGiven = !request.member("capacityProviders").isMissingNode();
        List<String> providers = capacityProviders(request);
        ArrayNode strategy = strategy(request.member("defaultCapacityProviderStrategy"),
                "defaultCapacityProviderStrategy");
        requireAssociated(strategy, providers);
        synchronized (scheduler) {
            advance();
            Optional<Cluster> existing = scheduler.cluster(name);
            if (existing.isPresent() && (providersGiven && !existing.get().capacityProviders.equals(providers)
                    || !strategy.isEmpty() && !strategy.equals(existing.get().defaultCapacityProviderStrategy))) {
                throw AwsError.client("InvalidParameterException", INCONSISTENT);
            }
            Cluster cluster = scheduler.createCluster(name, request.region());
            if (existing.isEmpty()) {
                cluster.capacityProviders = providers;
                cluster.defaultCapacityProviderStrategy = strategy;
            }
            ObjectNode response = AwsJson.object();
            response.set("cluster", json(cluster));
            return response;
        }
    }

    /**
     * Replaces the cluster's capacity providers and default strategy (both required, either may be empty);
     * a provider that a service's strategy uses cannot be removed.
     */
    private ObjectNode putClusterCapacityProviders(AwsRequest request) {
        request.refuseUnknownMembers(PUT_CLUSTER_CAPACITY_PROVIDERS_MEMBERS);
        String name = request.requiredString("cluster");
        for (String required : List.of("capacityProviders", "defaultCapacityProviderStrategy")) {
            if (request.member(required).isMissingNode()) {
                throw AwsError.invalidParameter(required, "Member must not be null");
            }
        }
        List<String> providers = capacityProviders(request);
        ArrayNode strategy = strategy(request.member("defaultCapacityProviderStrategy"),
                "defaultCapacityProviderStrategy");
        requireAssociated(strategy, providers);
        synchronized (scheduler) {
            advance();
            Cluster cluster = scheduler.cluster(name)
                    .orElseThrow(() -> AwsError.client("ClusterNotFoundException", "Cluster not found."));
            for (Service service : cluster.services) {
                ArrayNode used = service.settings.capacityProviderStrategy();
                if (!service.status.equals(EcsScheduler.INACTIVE) && used != null) {
                    for (JsonNode item : used) {
                        if (!providers.contains(item.path("capacityProvider").asText())) {
                            throw AwsError.client("ResourceInUseException", PROVIDER_IN_USE);
                        }
                    }
                }
            }
            cluster.capacityProviders = providers;
            cluster.defaultCapacityProviderStrategy = strategy;
            ObjectNode response = AwsJson.object();
            response.set("cluster", json(cluster));
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
        request.refuseUnknownMembers(CREATE_SERVICE_MEMBERS);
        String name = request.requiredString("serviceName");
        if (!name.matches("[a-zA-Z0-9_-]{1,255}")) {
            throw AwsError.client("InvalidParameterException", "Service name can only contain letters, numbers,"
                    + " hyphens, and underscores, and must be 255 characters or fewer.");
        }
        ObjectNode taskDefinition = taskDefinition(request.requiredString("taskDefinition"));
        int desiredCount = nonNegative(request, "desiredCount").orElse(1);
        Optional<String> launchType = enumValue(request.optionalString("launchType"), "launchType", LAUNCH_TYPES);
        ArrayNode strategy = strategy(request.member("capacityProviderStrategy"), "capacityProviderStrategy");
        if (launchType.isPresent() && !strategy.isEmpty()) {
            throw AwsError.client("InvalidParameterException", BOTH_LAUNCH_TYPE_AND_STRATEGY);
        }
        String scheduling = enumValue(request.optionalString("schedulingStrategy"), "schedulingStrategy",
                SCHEDULING_STRATEGIES).orElse("REPLICA");
        Optional<String> platformVersion = request.optionalString("platformVersion");
        ObjectNode configuration = deploymentConfiguration(request.structure("deploymentConfiguration"), defaults());
        JsonNode network = network(request.structure("networkConfiguration"));
        JsonNode loadBalancers = list(request, "loadBalancers").deepCopy();
        JsonNode registries = list(request, "serviceRegistries").deepCopy();
        Optional<Integer> grace = nonNegative(request, "healthCheckGracePeriodSeconds");
        Optional<String> role = request.optionalString("role");
        ObjectNode attributes = attributes(request, defaultAttributes(scheduling));
        role.ifPresent(r -> attributes.put("roleArn",
                r.startsWith("arn:") ? r : "arn:aws:iam::" + context.accountId() + ":role/" + r));
        ArrayNode tags = tags(request);
        Optional<String> clientToken = request.optionalString("clientToken");
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            // A second service of the name is refused before its parameters are looked at.
            Optional<Service> existing = scheduler.service(cluster, name);
            if (existing.isPresent() && !existing.get().status.equals(EcsScheduler.INACTIVE)
                    && (clientToken.isEmpty() || !clientToken.get().equals(existing.get().clientToken))) {
                throw AwsError.client("InvalidParameterException", NOT_IDEMPOTENT);
            }
        }
        requireNetworkFits(taskDefinition, network);
        requireLoadBalancersFit(taskDefinition, loadBalancers);
        if (grace.isPresent() && loadBalancers.isEmpty()) {
            // Newer ECS documentation has the grace period apply to container health checks too; the
            // simulator keeps the refusal ECS long answered.
            throw AwsError.client("InvalidParameterException", GRACE_WITHOUT_LOAD_BALANCER);
        }
        if (role.isPresent() && taskDefinition.path("networkMode").asText().equals("awsvpc")) {
            throw AwsError.client("InvalidParameterException", ROLE_WITH_AWSVPC);
        }
        Behaviour behaviour = behaviour(name, taskDefinition, cluster.region);
        synchronized (scheduler) {
            advance();
            Optional<Service> existing = scheduler.service(cluster, name);
            if (existing.isPresent() && !existing.get().status.equals(EcsScheduler.INACTIVE)) {
                Service found = existing.get();
                if (clientToken.isEmpty() || !clientToken.get().equals(found.clientToken)) {
                    throw AwsError.client("InvalidParameterException", NOT_IDEMPOTENT);
                }
                if (!request.body().equals(found.creationRequest)) {
                    throw AwsError.client("InvalidParameterException", INCONSISTENT);
                }
                return serviceResponse(found, true);
            }
            // Neither launch type nor strategy: the cluster's default strategy if it has one, else FARGATE.
            boolean clusterDefault = launchType.isEmpty() && strategy.isEmpty()
                    && !cluster.defaultCapacityProviderStrategy.isEmpty();
            ArrayNode placedBy = clusterDefault ? cluster.defaultCapacityProviderStrategy.deepCopy()
                    : strategy.isEmpty() ? null : strategy;
            if (placedBy != null) {
                requireUsable(placedBy, cluster, clusterDefault);
                if (scheduling.equals("DAEMON")) {
                    throw AwsError.client("InvalidParameterException", DAEMON_WITH_STRATEGY);
                }
            }
            String resolvedLaunchType = placedBy != null ? null : launchType.orElse("FARGATE");
            Settings settings = new Settings(resolvedLaunchType, placedBy,
                    platformVersion(platformVersion, placedBy != null || "FARGATE".equals(resolvedLaunchType), null),
                    configuration, network, loadBalancers, registries, grace.orElse(null), attributes);
            Service service = scheduler.createService(cluster, name, desiredCount, settings, tags,
                    clientToken.orElse(null), request.body().deepCopy(), taskDefinition, behaviour);
            return serviceResponse(service, true);
        }
    }

    /**
     * Changes what it is given, with the checks of CreateService for the task definition, network and load
     * balancers it ends up with, and a forced deployment for a new capacity provider strategy.
     */
    private ObjectNode updateService(AwsRequest request) {
        request.refuseUnknownMembers(UPDATE_SERVICE_MEMBERS);
        String name = request.requiredString("service");
        Optional<ObjectNode> taskDefinition = request.optionalString("taskDefinition").map(this::taskDefinition);
        Optional<Integer> desiredCount = nonNegative(request, "desiredCount");
        boolean force = optionalBoolean(request, "forceNewDeployment").orElse(false);
        JsonNode configuration = request.structure("deploymentConfiguration");
        boolean networkGiven = !request.member("networkConfiguration").isMissingNode();
        JsonNode network = network(request.structure("networkConfiguration"));
        Optional<JsonNode> loadBalancers = request.member("loadBalancers").isMissingNode() ? Optional.empty()
                : Optional.of(list(request, "loadBalancers").deepCopy());
        Optional<JsonNode> registries = request.member("serviceRegistries").isMissingNode() ? Optional.empty()
                : Optional.of(list(request, "serviceRegistries").deepCopy());
        Optional<ArrayNode> strategy = request.member("capacityProviderStrategy").isMissingNode() ? Optional.empty()
                : Optional.of(strategy(request.member("capacityProviderStrategy"), "capacityProviderStrategy"));
        Optional<String> platformVersion = request.optionalString("platformVersion");
        Optional<Integer> grace = nonNegative(request, "healthCheckGracePeriodSeconds");
        Cluster cluster = existingCluster(request);
        ObjectNode deployed;
        Settings current;
        synchronized (scheduler) {
            advance();
            Service service = activeService(cluster, name);
            deployed = service.primary.taskDefinition;
            current = service.settings;
        }
        ObjectNode runs = taskDefinition.orElse(deployed);
        JsonNode balancers = loadBalancers.orElse(current.loadBalancers());
        if (taskDefinition.isPresent() || networkGiven || loadBalancers.isPresent()) {
            requireNetworkFits(runs, networkGiven ? network : current.networkConfiguration());
            requireLoadBalancersFit(runs, balancers);
        }
        if (grace.isPresent() && balancers.isEmpty()) {
            throw AwsError.client("InvalidParameterException", GRACE_WITHOUT_LOAD_BALANCER);
        }
        if (taskDefinition.isPresent() && !runs.path("taskDefinitionArn").equals(deployed.path("taskDefinitionArn"))
                && current.attributes().path("deploymentController").path("type").asText().equals("CODE_DEPLOY")) {
            throw AwsError.client("InvalidParameterException", CODE_DEPLOY_TASK_DEFINITION);
        }
        // Decided outside the lock: AUTO may ask the registry.
        Behaviour behaviour = behaviour(EcsScheduler.lastSegment(name), runs, cluster.region);
        synchronized (scheduler) {
            advance();
            Service service = activeService(cluster, name);
            Settings old = service.settings;
            String launchType = old.launchType();
            ArrayNode placedBy = old.capacityProviderStrategy();
            if (strategy.isPresent()) {
                // An empty strategy means the cluster's default; without one, the service stays as it is.
                boolean clusterDefault = strategy.get().isEmpty();
                ArrayNode requested = clusterDefault ? cluster.defaultCapacityProviderStrategy.deepCopy()
                        : strategy.get();
                if (!requested.isEmpty()) {
                    requireUsable(requested, cluster, clusterDefault);
                    if (!requested.equals(old.capacityProviderStrategy()) && !force) {
                        throw AwsError.client("InvalidParameterException", FORCE_NEW_DEPLOYMENT);
                    }
                    placedBy = requested;
                    launchType = null;
                }
            }
            boolean fargate = placedBy != null || "FARGATE".equals(launchType);
            Settings settings = new Settings(launchType, placedBy,
                    platformVersion(platformVersion, fargate, old.platformVersion()),
                    configuration.isMissingNode() ? old.deploymentConfiguration()
                            : deploymentConfiguration(configuration, old.deploymentConfiguration()),
                    networkGiven ? network : old.networkConfiguration(),
                    loadBalancers.orElse(old.loadBalancers()), registries.orElse(old.serviceRegistries()),
                    grace.isPresent() ? grace.get() : old.healthCheckGracePeriodSeconds(),
                    attributes(request, old.attributes()));
            scheduler.updateService(service, desiredCount, settings, taskDefinition, behaviour, force);
            return serviceResponse(service, false);
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
            return serviceResponse(service, false);
        }
    }

    private ObjectNode describeServices(AwsRequest request) {
        List<String> names = request.stringList("services");
        if (names.isEmpty()) {
            throw AwsError.invalidParameter("services", "Member must not be null");
        }
        limit(names, "services", 10);
        List<String> include = request.stringList("include");
        include.forEach(field -> enumValue(Optional.of(field), "include", SERVICE_FIELDS));
        boolean withTags = include.contains("TAGS");
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode services = response.putArray("services");
            ArrayNode failures = response.putArray("failures");
            for (String name : names) {
                Optional<Service> service = scheduler.service(cluster, name);
                if (service.isPresent()) {
                    services.add(json(service.get(), withTags));
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
                    .filter(s -> launchType.map(type -> type.equals(s.settings.launchType())).orElse(true))
                    .map(s -> s.arn).toList();
            return page(request, arns, "serviceArns");
        }
    }

    // ---- tasks

    /**
     * Starts {@code count} (1 to 10) tasks of the task definition, with CreateService's checks of launch
     * type, capacity provider strategy and awsvpc network configuration, and of the overrides' container
     * names. Like CreateService, and unlike ECS (whose default is EC2), no launch type and no cluster
     * default strategy means FARGATE. A repeated client token answers the tasks it started.
     */
    private ObjectNode runTask(AwsRequest request) {
        request.refuseUnknownMembers(RUN_TASK_MEMBERS);
        ObjectNode taskDefinition = taskDefinition(request.requiredString("taskDefinition"));
        int count = request.optionalInt("count").orElse(1);
        if (count < 1 || count > MAX_RUN_TASK_COUNT) {
            // Wording after the model's constraint (unverified).
            throw AwsError.invalidParameter("count", count < 1 ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to " + MAX_RUN_TASK_COUNT);
        }
        Optional<String> launchType = enumValue(request.optionalString("launchType"), "launchType", LAUNCH_TYPES);
        ArrayNode strategy = strategy(request.member("capacityProviderStrategy"), "capacityProviderStrategy");
        if (launchType.isPresent() && !strategy.isEmpty()) {
            throw AwsError.client("InvalidParameterException", BOTH_LAUNCH_TYPE_AND_STRATEGY);
        }
        Optional<String> platformVersion = request.optionalString("platformVersion");
        JsonNode network = network(request.structure("networkConfiguration"));
        requireNetworkFits(taskDefinition, network);
        ObjectNode overrides = overrides(request.structure("overrides"), taskDefinition);
        Optional<String> startedBy = request.optionalString("startedBy");
        if (startedBy.filter(value -> value.length() > 128).isPresent()) {
            throw AwsError.invalidParameter("startedBy", "Member must have length less than or equal to 128");
        }
        String family = taskDefinition.path("family").asText();
        String group = request.optionalString("group").orElse("family:" + family);
        ArrayNode tags = tags(request);
        boolean exec = optionalBoolean(request, "enableExecuteCommand").orElse(false);
        optionalBoolean(request, "enableECSManagedTags");
        enumValue(request.optionalString("propagateTags"), "propagateTags", PROPAGATE_TAGS);
        for (String member : List.of("placementConstraints", "placementStrategy")) {
            for (JsonNode item : list(request, member)) {
                if (!item.isObject()) {
                    throw AwsError.serialization("Expected structures in '" + member + "'");
                }
            }
        }
        Optional<String> clientToken = request.optionalString("clientToken");
        Cluster cluster = existingCluster(request);
        String tokenKey = clientToken.map(token -> cluster.name + "/" + token).orElse(null);
        synchronized (scheduler) {
            advance();
            Optional<ObjectNode> repeated = repeatedRunTask(request, tokenKey);
            if (repeated.isPresent()) {
                return repeated.get();
            }
        }
        // Decided outside the lock: AUTO and the exit-code label may ask the registry.
        EcsScheduler.Behaviour behaviour = images.firstMissing(taskDefinition, cluster.region)
                .map(image -> new Behaviour(Behaviour.Kind.CANNOT_PULL, image, false)).orElse(Behaviour.HEALTHY);
        Integer configured = runTaskExitCodes.get(family);
        int exitCode = configured != null ? configured
                : behaviour.kind() == Behaviour.Kind.CANNOT_PULL ? 0
                : images.labelledExitCode(taskDefinition, cluster.region).orElse(0);
        EcsScheduler.RunSpec run = new EcsScheduler.RunSpec(overrides, tags, exitCode, runTaskDuration);
        synchronized (scheduler) {
            advance();
            Optional<ObjectNode> repeated = repeatedRunTask(request, tokenKey);
            if (repeated.isPresent()) {
                return repeated.get();
            }
            boolean clusterDefault = launchType.isEmpty() && strategy.isEmpty()
                    && !cluster.defaultCapacityProviderStrategy.isEmpty();
            ArrayNode placedBy = clusterDefault ? cluster.defaultCapacityProviderStrategy.deepCopy()
                    : strategy.isEmpty() ? null : strategy;
            if (placedBy != null) {
                requireUsable(placedBy, cluster, clusterDefault);
            }
            String resolvedLaunchType = placedBy != null ? "FARGATE" : launchType.orElse("FARGATE");
            boolean fargate = resolvedLaunchType.equals("FARGATE");
            String platform = platformVersion(platformVersion, fargate, null);
            String resolvedPlatform = !fargate ? null : platform.equals("LATEST") ? "1.4.0" : platform;
            List<Task> tasks = scheduler.runTasks(cluster, taskDefinition, count, resolvedLaunchType, placedBy,
                    resolvedPlatform, group, startedBy.orElse(null), exec, behaviour, run);
            if (tokenKey != null) {
                runTaskCalls.put(tokenKey, new RunTaskCall(request.body().deepCopy(), tasks));
            }
            return runTaskResponse(tasks);
        }
    }

    /** The answer to a RunTask whose client token was used before; INCONSISTENT if it asks for something else. */
    private Optional<ObjectNode> repeatedRunTask(AwsRequest request, String tokenKey) {
        RunTaskCall previous = tokenKey == null ? null : runTaskCalls.get(tokenKey);
        if (previous == null) {
            return Optional.empty();
        }
        if (!previous.request().equals(request.body())) {
            // CreateService's answer; ECS's for RunTask is unverified.
            throw AwsError.client("InvalidParameterException", INCONSISTENT);
        }
        return Optional.of(runTaskResponse(previous.tasks()));
    }

    private ObjectNode runTaskResponse(List<Task> tasks) {
        ObjectNode response = AwsJson.object();
        ArrayNode list = response.putArray("tasks");
        tasks.forEach(task -> list.add(json(task, true)));
        response.putArray("failures");
        return response;
    }

    /**
     * The overrides member as DescribeTasks shows it: {@code containerOverrides} (each naming a container
     * of the task definition) and the task-level members, checked for shape.
     */
    private static ObjectNode overrides(JsonNode given, ObjectNode taskDefinition) {
        ObjectNode overrides = AwsJson.object();
        ArrayNode containers = overrides.putArray("containerOverrides");
        JsonNode list = given.path("containerOverrides");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw AwsError.serialization("Expected a list for 'overrides.containerOverrides'");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode definition : taskDefinition.path("containerDefinitions")) {
            names.add(definition.path("name").asText());
        }
        if (list.isArray()) {
            for (JsonNode override : list) {
                if (!override.isObject()) {
                    throw AwsError.serialization("Expected structures in 'overrides.containerOverrides'");
                }
                Optional<String> name = AwsRequest.string(override.path("name"), "overrides.containerOverrides.name");
                if (name.isPresent() && !names.contains(name.get())) {
                    throw AwsError.client("InvalidParameterException",
                            "Override for container named " + name.get() + " is not a container in the TaskDefinition.");
                }
                strings(override.path("command"), "overrides.containerOverrides.command");
                JsonNode environment = override.path("environment");
                if (!environment.isMissingNode() && !environment.isNull() && !environment.isArray()) {
                    throw AwsError.serialization("Expected a list for 'overrides.containerOverrides.environment'");
                }
                containers.add(override.deepCopy());
            }
        }
        given.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("containerOverrides")) {
                overrides.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        overrides.putArray("inferenceAcceleratorOverrides");
        return overrides;
    }

    /** Stops a task, a service's or RunTask's, as ECS's StopTask does; an unknown task is InvalidParameterException. */
    private ObjectNode stopTask(AwsRequest request) {
        request.refuseUnknownMembers(STOP_TASK_MEMBERS);
        String id = request.requiredString("task");
        String reason = request.optionalString("reason").orElse(EcsScheduler.USER_STOPPED);
        if (reason.length() > 255) {
            // The documented limit; the wording is the simulator's.
            throw AwsError.invalidParameter("reason", "Member must have length less than or equal to 255");
        }
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            Task task = scheduler.task(cluster, id)
                    .orElseThrow(() -> AwsError.client("InvalidParameterException", TASK_NOT_FOUND));
            scheduler.stopTask(task, reason);
            ObjectNode response = AwsJson.object();
            response.set("task", json(task, true));
            return response;
        }
    }

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
                    && startedBy.map(by -> by.equals(task.startedBy)).orElse(true)
                    && family.map(task.family()::equals).orElse(true)
                    && launchType.map(task.launchType::equals).orElse(true);
            List<Task> candidates = new ArrayList<>(services.stream().flatMap(s -> s.tasks().stream()).toList());
            if (serviceName.isEmpty()) {
                candidates.addAll(scheduler.standaloneTasks(cluster));
            }
            List<String> arns = candidates.stream()
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
        List<String> include = request.stringList("include");
        include.forEach(field -> enumValue(Optional.of(field), "include", TASK_FIELDS));
        boolean withTags = include.contains("TAGS");
        Cluster cluster = existingCluster(request);
        synchronized (scheduler) {
            advance();
            ObjectNode response = AwsJson.object();
            ArrayNode tasks = response.putArray("tasks");
            ArrayNode failures = response.putArray("failures");
            for (String id : ids) {
                Optional<Task> task = scheduler.task(cluster, id);
                if (task.isPresent()) {
                    tasks.add(json(task.get(), withTags));
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
        Scenario scenario = scenarios.getOrDefault(serviceName, Scenario.AUTO);
        if (scenario != Scenario.AUTO) {
            return behaviourOf(scenario, firstImage);
        }
        return images.firstMissing(taskDefinition, region)
                .map(image -> new Behaviour(Behaviour.Kind.CANNOT_PULL, image, false))
                .orElseGet(() -> images.labelled(taskDefinition, region).filter(sc -> sc != Scenario.AUTO)
                        .map(sc -> behaviourOf(sc, firstImage)).orElse(Behaviour.HEALTHY));
    }

    private static Behaviour behaviourOf(Scenario scenario, String firstImage) {
        return switch (scenario) {
            case HEALTHY, AUTO -> Behaviour.HEALTHY;
            case SLOW -> new Behaviour(Behaviour.Kind.SLOW, null, false);
            case FAILING_HEALTH_CHECK -> new Behaviour(Behaviour.Kind.FAILING_HEALTH_CHECK, null, false);
            case CANNOT_PULL -> new Behaviour(Behaviour.Kind.CANNOT_PULL, firstImage, false);
            case FAILED_NO_ROLLBACK -> new Behaviour(Behaviour.Kind.CANNOT_PULL, firstImage, true);
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

    /** The capacityProviders member: FARGATE and FARGATE_SPOT are the only providers there are. */
    private static List<String> capacityProviders(AwsRequest request) {
        List<String> providers = request.stringList("capacityProviders");
        for (String provider : providers) {
            if (!CAPACITY_PROVIDERS.contains(provider)) {
                throw AwsError.client("InvalidParameterException", PROVIDER_NOT_FOUND);
            }
        }
        return providers;
    }

    /**
     * A capacity provider strategy member checked against the model, its items completed as ECS describes
     * them ({@code capacityProvider}, {@code weight}, {@code base}, 0 by default); empty when absent.
     */
    private static ArrayNode strategy(JsonNode node, String parameter) {
        ArrayNode items = AwsJson.MAPPER.createArrayNode();
        if (node.isMissingNode()) {
            return items;
        }
        if (!node.isArray()) {
            throw AwsError.serialization("Expected a list for '" + parameter + "'");
        }
        if (node.size() > 20) {
            throw AwsError.invalidParameter(parameter, "Member must have length less than or equal to 20");
        }
        int withBase = 0;
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw AwsError.serialization("Expected structures in '" + parameter + "'");
            }
            String provider = AwsRequest.string(item.path("capacityProvider"), parameter + ".capacityProvider")
                    .orElseThrow(() -> AwsError.invalidParameter(parameter + ".member.capacityProvider",
                            "Member must not be null"));
            int weight = integer(item.path("weight"), parameter + ".member.weight", 1000).orElse(0);
            int base = integer(item.path("base"), parameter + ".member.base", 100_000).orElse(0);
            if (base > 0) {
                withBase++;
            }
            items.addObject().put("capacityProvider", provider).put("weight", weight).put("base", base);
        }
        if (withBase > 1) {
            throw AwsError.client("InvalidParameterException", ONE_BASE);
        }
        return items;
    }

    /** An integer member of a nested structure within 0..max, as the model constrains it. */
    private static Optional<Integer> integer(JsonNode node, String name, int max) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw AwsError.serialization("Expected an integer for '" + name + "'");
        }
        if (node.intValue() < 0) {
            throw AwsError.invalidParameter(name, "Member must have value greater than or equal to 0");
        }
        if (node.intValue() > max) {
            throw AwsError.invalidParameter(name, "Member must have value less than or equal to " + max);
        }
        return Optional.of(node.intValue());
    }

    private static void requireAssociated(ArrayNode strategy, List<String> providers) {
        for (JsonNode item : strategy) {
            if (!providers.contains(item.path("capacityProvider").asText())) {
                throw AwsError.client("InvalidParameterException", NOT_ASSOCIATED);
            }
        }
    }

    /** A strategy a service can be placed by: its providers associated with the cluster, one with weight. */
    private static void requireUsable(ArrayNode strategy, Cluster cluster, boolean clusterDefault) {
        requireAssociated(strategy, cluster.capacityProviders);
        boolean weighted = false;
        for (JsonNode item : strategy) {
            weighted |= item.path("weight").asInt() > 0;
        }
        if (!weighted) {
            throw AwsError.client("InvalidParameterException", clusterDefault ? NO_WEIGHT_DEFAULT : NO_WEIGHT);
        }
    }

    /**
     * The platform version to keep: only Fargate has them. An unknown version is PlatformUnknownException
     * (wording unverified).
     */
    private static String platformVersion(Optional<String> given, boolean fargate, String old) {
        if (given.isPresent()) {
            if (!fargate) {
                throw AwsError.client("InvalidParameterException", PLATFORM_VERSION_OFF_FARGATE);
            }
            if (!PLATFORM_VERSIONS.contains(given.get())) {
                throw AwsError.client("PlatformUnknownException", "The specified platform version does not exist.");
            }
            return given.get();
        }
        return fargate ? Objects.requireNonNullElse(old, "LATEST") : null;
    }

    /**
     * The networkConfiguration member checked as ECS checks it, {@code assignPublicIp} completed with
     * DISABLED as ECS describes it; null when it has no awsvpcConfiguration. Malformed ids answer as ECS
     * relays EC2's refusal (wording unverified).
     */
    private static JsonNode network(JsonNode given) {
        JsonNode awsvpc = given.path("awsvpcConfiguration");
        if (awsvpc.isMissingNode() || awsvpc.isNull()) {
            return null;
        }
        if (!awsvpc.isObject()) {
            throw AwsError.serialization("Expected a structure for 'networkConfiguration.awsvpcConfiguration'");
        }
        String prefix = "networkConfiguration.awsvpcConfiguration.";
        List<String> subnets = strings(awsvpc.path("subnets"), prefix + "subnets");
        if (subnets.isEmpty()) {
            throw AwsError.client("InvalidParameterException", SUBNETS_EMPTY);
        }
        if (subnets.size() > 16) {
            throw AwsError.client("InvalidParameterException", "subnets can have at most 16 items.");
        }
        for (String subnet : subnets) {
            if (!SUBNET.matcher(subnet).matches()) {
                throw AwsError.client("InvalidParameterException", "Error retrieving subnet information for ["
                        + subnet + "]: The subnet ID '" + subnet + "' is malformed (ErrorCode: InvalidSubnetID.Malformed)");
            }
        }
        boolean groupsGiven = !awsvpc.path("securityGroups").isMissingNode() && !awsvpc.path("securityGroups").isNull();
        List<String> groups = strings(awsvpc.path("securityGroups"), prefix + "securityGroups");
        if (groups.size() > 5) {
            throw AwsError.client("InvalidParameterException", "securityGroups can have at most 5 items.");
        }
        for (String group : groups) {
            if (!SECURITY_GROUP.matcher(group).matches()) {
                throw AwsError.client("InvalidParameterException", "Error retrieving security group information for ["
                        + group + "]: Invalid id: \"" + group + "\" (expecting \"sg-...\") (ErrorCode: InvalidGroupId.Malformed)");
            }
        }
        String assignPublicIp = enumValue(AwsRequest.string(awsvpc.path("assignPublicIp"), prefix + "assignPublicIp"),
                prefix + "assignPublicIp", ASSIGN_PUBLIC_IP).orElse("DISABLED");
        ObjectNode network = AwsJson.object();
        ObjectNode configuration = network.putObject("awsvpcConfiguration");
        subnets.forEach(configuration.putArray("subnets")::add);
        if (groupsGiven) {
            groups.forEach(configuration.putArray("securityGroups")::add);
        }
        configuration.put("assignPublicIp", assignPublicIp);
        return network;
    }

    /** awsvpc task definitions need a network configuration, and only they take one. */
    private static void requireNetworkFits(ObjectNode taskDefinition, JsonNode network) {
        boolean awsvpc = taskDefinition.path("networkMode").asText().equals("awsvpc");
        if (awsvpc && network == null) {
            throw AwsError.client("InvalidParameterException", NETWORK_REQUIRED);
        }
        if (!awsvpc && network != null) {
            throw AwsError.client("InvalidParameterException", NETWORK_NOT_VALID);
        }
    }

    /** Each load balancer names a container of the task definition and one of its mapped container ports. */
    private static void requireLoadBalancersFit(ObjectNode taskDefinition, JsonNode loadBalancers) {
        for (JsonNode balancer : loadBalancers) {
            if (!balancer.isObject()) {
                throw AwsError.serialization("Expected structures in 'loadBalancers'");
            }
            String container = AwsRequest.string(balancer.path("containerName"), "loadBalancers.containerName")
                    .filter(n -> !n.isBlank())
                    .orElseThrow(() -> AwsError.client("InvalidParameterException", "Container Name can not be blank."));
            JsonNode port = balancer.path("containerPort");
            if (port.isMissingNode() || port.isNull()) {
                // Wording unverified, after the containerName one.
                throw AwsError.client("InvalidParameterException", "Container Port can not be blank.");
            }
            if (!port.canConvertToExactIntegral() || !port.canConvertToInt()) {
                throw AwsError.serialization("Expected an integer for 'loadBalancers.containerPort'");
            }
            JsonNode definition = null;
            for (JsonNode candidate : taskDefinition.path("containerDefinitions")) {
                if (candidate.path("name").asText().equals(container)) {
                    definition = candidate;
                }
            }
            if (definition == null) {
                throw AwsError.client("InvalidParameterException",
                        "The container " + container + " does not exist in the task definition.");
            }
            boolean mapped = false;
            for (JsonNode mapping : definition.path("portMappings")) {
                mapped |= mapping.path("containerPort").asInt(-1) == port.intValue();
            }
            if (!mapped) {
                throw AwsError.client("InvalidParameterException", "The container " + container
                        + " did not have a container port " + port.intValue() + " defined.");
            }
        }
    }

    /** What DescribeServices shows for the members a new service leaves unset. */
    private static ObjectNode defaultAttributes(String schedulingStrategy) {
        ObjectNode attributes = AwsJson.object();
        attributes.putArray("placementConstraints");
        attributes.putArray("placementStrategy");
        attributes.put("schedulingStrategy", schedulingStrategy);
        attributes.putObject("deploymentController").put("type", "ECS");
        return attributes.put("enableECSManagedTags", false).put("propagateTags", "NONE").put("enableExecuteCommand", false);
    }

    /** {@code base} with the descriptive members the request gives, checked for shape. */
    private static ObjectNode attributes(AwsRequest request, ObjectNode base) {
        ObjectNode attributes = base.deepCopy();
        for (String member : List.of("placementConstraints", "placementStrategy")) {
            if (!request.member(member).isMissingNode()) {
                JsonNode items = list(request, member);
                for (JsonNode item : items) {
                    if (!item.isObject()) {
                        throw AwsError.serialization("Expected structures in '" + member + "'");
                    }
                }
                attributes.set(member, items.deepCopy());
            }
        }
        JsonNode controller = request.structure("deploymentController");
        if (!controller.isMissingNode()) {
            String type = enumValue(AwsRequest.string(controller.path("type"), "deploymentController.type"),
                    "deploymentController.type", DEPLOYMENT_CONTROLLERS)
                    .orElseThrow(() -> AwsError.invalidParameter("deploymentController.type", "Member must not be null"));
            attributes.putObject("deploymentController").put("type", type);
        }
        for (String member : List.of("enableECSManagedTags", "enableExecuteCommand")) {
            optionalBoolean(request, member).ifPresent(value -> attributes.put(member, value));
        }
        enumValue(request.optionalString("propagateTags"), "propagateTags", PROPAGATE_TAGS)
                .ifPresent(value -> attributes.put("propagateTags", value));
        enumValue(request.optionalString("availabilityZoneRebalancing"), "availabilityZoneRebalancing", REBALANCING)
                .ifPresent(value -> attributes.put("availabilityZoneRebalancing", value));
        return attributes;
    }

    /** The tags member, {@code key}/{@code value} items as ECS has them. */
    private static ArrayNode tags(AwsRequest request) {
        JsonNode tags = list(request, "tags");
        if (tags.size() > 50) {
            throw AwsError.invalidParameter("tags", "Member must have length less than or equal to 50");
        }
        ArrayNode result = AwsJson.MAPPER.createArrayNode();
        for (JsonNode tag : tags) {
            String key = AwsRequest.string(tag.path("key"), "tags.key")
                    .orElseThrow(() -> AwsError.invalidParameter("tags.member.key", "Member must not be null"));
            result.addObject().put("key", key).put("value", AwsRequest.string(tag.path("value"), "tags.value").orElse(""));
        }
        return result;
    }

    /** A list of strings in a nested structure; empty when absent. */
    private static List<String> strings(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw AwsError.serialization("Expected a list for '" + name + "'");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            values.add(AwsRequest.string(element, name)
                    .orElseThrow(() -> AwsError.serialization("Expected strings in '" + name + "'")));
        }
        return List.copyOf(values);
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

    private ObjectNode serviceResponse(Service service, boolean withTags) {
        ObjectNode response = AwsJson.object();
        response.set("service", json(service, withTags));
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
        List<Task> tasks = new ArrayList<>(cluster.services.stream().flatMap(s -> s.tasks().stream()).toList());
        tasks.addAll(scheduler.standaloneTasks(cluster));
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
        cluster.capacityProviders.forEach(node.putArray("capacityProviders")::add);
        node.set("defaultCapacityProviderStrategy", cluster.defaultCapacityProviderStrategy.deepCopy());
        return node;
    }

    /** The service as DescribeServices shows it; its tags only when asked for, as there. */
    private ObjectNode json(Service service, boolean withTags) {
        List<Task> tasks = service.tasks();
        Settings settings = service.settings;
        ObjectNode attributes = settings.attributes();
        ObjectNode node = AwsJson.object()
                .put("serviceArn", service.arn)
                .put("serviceName", service.name)
                .put("clusterArn", service.cluster.arn);
        node.set("loadBalancers", settings.loadBalancers().deepCopy());
        node.set("serviceRegistries", settings.serviceRegistries().deepCopy());
        node.put("status", service.status)
                .put("desiredCount", service.desiredCount)
                .put("runningCount", tasks.stream().filter(t -> t.lastStatus.equals(EcsScheduler.RUNNING)).count())
                .put("pendingCount", tasks.stream().filter(Task::starting).count());
        placement(node, settings);
        if (settings.fargate()) {
            node.put("platformVersion", settings.platformVersion()).put("platformFamily", "Linux");
        }
        node.put("taskDefinition", service.primary.taskDefinitionArn);
        node.set("deploymentConfiguration", settings.deploymentConfiguration().deepCopy());
        ArrayNode deployments = node.putArray("deployments");
        ArrayNode revisions = AwsJson.MAPPER.createArrayNode();
        for (Deployment deployment : service.visibleDeployments()) {
            deployments.add(json(deployment));
            revisions.add(revision(deployment));
        }
        copy(attributes, node, "roleArn");
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
        copy(attributes, node, "placementConstraints");
        copy(attributes, node, "placementStrategy");
        if (settings.networkConfiguration() != null) {
            node.set("networkConfiguration", settings.networkConfiguration().deepCopy());
        }
        if (settings.healthCheckGracePeriodSeconds() != null) {
            node.put("healthCheckGracePeriodSeconds", settings.healthCheckGracePeriodSeconds());
        }
        copy(attributes, node, "schedulingStrategy");
        copy(attributes, node, "deploymentController");
        if (withTags && !service.tags.isEmpty()) {
            node.set("tags", service.tags.deepCopy());
        }
        node.put("createdBy", "arn:aws:iam::" + context.accountId() + ":root");
        copy(attributes, node, "enableECSManagedTags");
        copy(attributes, node, "propagateTags");
        copy(attributes, node, "enableExecuteCommand");
        copy(attributes, node, "availabilityZoneRebalancing");
        return node;
    }

    private static void copy(ObjectNode from, ObjectNode to, String member) {
        JsonNode value = from.get(member);
        if (value != null) {
            to.set(member, value.deepCopy());
        }
    }

    /** The launch type, or instead the capacity provider strategy, as services and deployments show them. */
    private static void placement(ObjectNode node, Settings settings) {
        if (settings.capacityProviderStrategy() != null) {
            node.set("capacityProviderStrategy", settings.capacityProviderStrategy().deepCopy());
        } else {
            node.put("launchType", settings.launchType());
        }
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
        placement(node, deployment.settings);
        if (deployment.settings.fargate()) {
            node.put("platformVersion", deployment.settings.resolvedPlatformVersion()).put("platformFamily", "Linux");
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

    /** The task as DescribeTasks shows it; a RunTask task's tags only when asked for, as there. */
    private ObjectNode json(Task task, boolean withTags) {
        Cluster cluster = task.cluster;
        String region = cluster.region;
        ObjectNode node = AwsJson.object();
        node.putArray("attachments");
        node.put("availabilityZone", region + "a");
        if (task.capacityProviderName != null) {
            node.put("capacityProviderName", task.capacityProviderName);
        }
        node.put("clusterArn", cluster.arn);
        if (task.startedAt != null) {
            node.put("connectivity", "CONNECTED");
            time(node, "connectivityAt", task.startedAt);
        }
        ArrayNode containers = node.putArray("containers");
        JsonNode definitions = task.taskDefinition.path("containerDefinitions");
        for (int i = 0; i < task.containerIds.size(); i++) {
            JsonNode definition = definitions.path(i);
            ObjectNode container = containers.addObject()
                    .put("containerArn", "arn:aws:ecs:" + region + ":" + context.accountId() + ":container/"
                            + cluster.name + "/" + task.id + "/" + task.containerIds.get(i))
                    .put("taskArn", task.arn)
                    .put("name", definition.path("name").asText("app"))
                    .put("image", definition.path("image").asText(""))
                    .put("lastStatus", task.starting() ? "PENDING" : task.lastStatus);
            Integer exitCode = task.exitCode(i);
            if (exitCode != null) {
                container.put("exitCode", exitCode);
            }
            if (i == task.failedContainer) {
                container.put("reason", task.stoppedReason);
            }
            container.put("healthStatus", task.healthStatus);
        }
        JsonNode cpu = task.taskDefinition.path("cpu");
        if (cpu.isTextual()) {
            node.put("cpu", cpu.asText());
        }
        time(node, "createdAt", task.createdAt);
        node.put("desiredStatus", task.desiredStatus)
                .put("enableExecuteCommand", task.enableExecuteCommand);
        time(node, "executionStoppedAt", task.stoppedAt);
        node.put("group", task.group)
                .put("healthStatus", task.healthStatus)
                .put("lastStatus", task.lastStatus)
                .put("launchType", task.launchType);
        JsonNode memory = task.taskDefinition.path("memory");
        if (memory.isTextual()) {
            node.put("memory", memory.asText());
        }
        if (task.run != null) {
            node.set("overrides", task.run.overrides().deepCopy());
        }
        if (task.platformVersion != null) {
            node.put("platformVersion", task.platformVersion).put("platformFamily", "Linux");
        }
        time(node, "pullStartedAt", task.pullStartedAt);
        time(node, "pullStoppedAt", task.pullStoppedAt);
        time(node, "startedAt", task.startedAt);
        if (task.startedBy != null) {
            node.put("startedBy", task.startedBy);
        }
        if (task.stopCode != null) {
            node.put("stopCode", task.stopCode);
        }
        time(node, "stoppedAt", task.stoppedAt);
        if (task.stoppedReason != null) {
            node.put("stoppedReason", task.stoppedReason);
        }
        time(node, "stoppingAt", task.stoppingAt);
        ArrayNode tags = node.putArray("tags");
        if (withTags && task.run != null) {
            tags.addAll(task.run.tags().deepCopy());
        }
        return node.put("taskArn", task.arn)
                .put("taskDefinitionArn", task.taskDefinitionArn)
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
