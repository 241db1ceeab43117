package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The simulated ECS clusters, services, deployments and tasks, and what the service scheduler does to
 * them as time passes.
 *
 * <p>Nothing runs in the background: every transition is a timer, and {@link #advanceTo} fires the due
 * timers in time order (ties in the order they were set), each at its own instant. Identifiers come
 * from a seeded generator, so the same calls at the same clock readings give the same answers.
 *
 * <p>Not thread-safe: {@link EcsServices} calls it holding its monitor.
 */
final class EcsScheduler {

    static final String PRIMARY = "PRIMARY";
    static final String ACTIVE = "ACTIVE";
    static final String INACTIVE = "INACTIVE";
    static final String DRAINING = "DRAINING";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";
    static final String RUNNING = "RUNNING";
    static final String STOPPED = "STOPPED";
    static final String HEALTHY = "HEALTHY";
    static final String CIRCUIT_BREAKER_FAILED = "ECS deployment circuit breaker: tasks failed to start.";
    private static final String PROVISIONING = "PROVISIONING";
    private static final String PENDING = "PENDING";
    private static final String SCHEDULER_INITIATED = "ServiceSchedulerInitiated";
    static final String USER_INITIATED = "UserInitiated";
    static final String USER_STOPPED = "Task stopped by user";
    static final String ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited";
    static final String ESSENTIAL_EXITED_REASON = "Essential container in task exited";
    private static final String HEALTH_CHECK_FAILED = "Task failed container health checks";
    private static final String SUPERSEDED = "Service deployment stopped because a newer service deployment started.";
    private static final int MAX_EVENTS = 100;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** What a deployment's tasks do, fixed when the deployment is created. */
    record Behaviour(Kind kind, String missingImage, boolean noRollback) {

        enum Kind { HEALTHY, SLOW, CANNOT_PULL, FAILING_HEALTH_CHECK }

        static final Behaviour HEALTHY = new Behaviour(Kind.HEALTHY, null, false);
    }

    record Event(String id, Instant createdAt, String message) {
    }

    /** Where tasks' containers with the awslogs driver write; the Logs simulator. */
    interface LogSink {
        /** Appends the lines at {@code at}; false when the group does not exist and is not to be created. */
        boolean write(String group, String stream, boolean createGroup, String region, Instant at, List<String> lines);
    }

    /**
     * What RunTask asked for beyond where and how the task runs.
     *
     * @param overrides as DescribeTasks shows them ({@code containerOverrides}, ...)
     * @param tags {@code key}/{@code value} items
     * @param exitCode what the essential containers exit with
     * @param runFor from RUNNING to the essential containers' exit
     */
    record RunSpec(ObjectNode overrides, ArrayNode tags, int exitCode, Duration runFor) {
    }

    /**
     * What CreateService sets and UpdateService may change, besides the desired count and the task
     * definition; replaced as a whole, never changed in place. The JSON is as DescribeServices shows it.
     *
     * @param launchType null when the service uses a capacity provider strategy
     * @param capacityProviderStrategy null when the service uses a launch type; items carry
     *     {@code capacityProvider}, {@code weight} and {@code base}
     * @param platformVersion as requested ({@code LATEST} by default); null for the EC2 launch type
     * @param networkConfiguration null when there is none
     * @param healthCheckGracePeriodSeconds null when not set
     * @param attributes the members that only describe the service (placement, tags propagation,
     *     deployment controller, scheduling strategy, ...), as DescribeServices shows them
     */
    record Settings(String launchType, ArrayNode capacityProviderStrategy, String platformVersion,
            ObjectNode deploymentConfiguration, JsonNode networkConfiguration, JsonNode loadBalancers,
            JsonNode serviceRegistries, Integer healthCheckGracePeriodSeconds, ObjectNode attributes) {

        /** Whether tasks run on Fargate: its launch type, or a strategy (only Fargate providers are simulated). */
        boolean fargate() {
            return capacityProviderStrategy != null || "FARGATE".equals(launchType);
        }

        /** The launch type tasks report: FARGATE under a (Fargate) capacity provider strategy. */
        String taskLaunchType() {
            return capacityProviderStrategy != null ? "FARGATE" : launchType;
        }

        /** The platform version deployments and tasks report: LATEST resolved to 1.4.0; null off Fargate. */
        String resolvedPlatformVersion() {
            if (!fargate()) {
                return null;
            }
            return platformVersion == null || platformVersion.equals("LATEST") ? "1.4.0" : platformVersion;
        }
    }

    private record Timer(Instant at, long sequence, Runnable action) {
    }

    static final class Cluster {
        final String name;
        final String arn;
        final String region;
        final List<Service> services = new ArrayList<>();
        /** The tasks RunTask started, oldest first. */
        final List<Task> standalone = new ArrayList<>();
        /** The associated capacity providers, in the order given. */
        List<String> capacityProviders = List.of();
        /** Items with {@code capacityProvider}, {@code weight} and {@code base}. */
        ArrayNode defaultCapacityProviderStrategy = AwsJson.MAPPER.createArrayNode();

        Cluster(String name, String arn, String region) {
            this.name = name;
            this.arn = arn;
            this.region = region;
        }
    }

    static final class Service {
        final Cluster cluster;
        final String name;
        final String arn;
        final Instant createdAt;
        String status = ACTIVE;
        int desiredCount;
        Settings settings;
        /** The resource tags, as {@code key}/{@code value} items. */
        ArrayNode tags;
        /** The clientToken of the CreateService that made it, and that request's body; token null if none. */
        String clientToken;
        JsonNode creationRequest;
        Deployment primary;
        /** The deployment a circuit-breaker rollback brings back. */
        Deployment lastCompleted;
        Instant inactiveAt;
        final List<Deployment> deployments = new ArrayList<>();
        final List<ServiceDeployment> serviceDeployments = new ArrayList<>();
        /** Newest first, at most {@value #MAX_EVENTS}. */
        final Deque<Event> events = new ArrayDeque<>();
        boolean steady;
        boolean reconcileDue;
        int unhealthyReplacements;
        final List<Task> newlyHealthy = new ArrayList<>();

        Service(Cluster cluster, String name, String arn, Instant createdAt) {
            this.cluster = cluster;
            this.name = name;
            this.arn = arn;
            this.createdAt = createdAt;
        }

        List<Deployment> visibleDeployments() {
            List<Deployment> visible = new ArrayList<>();
            visible.add(primary);
            for (int i = deployments.size() - 1; i >= 0; i--) {
                Deployment deployment = deployments.get(i);
                if (deployment != primary && deployment.status.equals(ACTIVE)) {
                    visible.add(deployment);
                }
            }
            return visible;
        }

        List<Task> tasks() {
            return deployments.stream().flatMap(d -> d.tasks.stream()).collect(Collectors.toList());
        }

        int target() {
            return status.equals(ACTIVE) ? desiredCount : 0;
        }
    }

    static final class Deployment {
        final Service service;
        final String id;
        final ObjectNode taskDefinition;
        final String taskDefinitionArn;
        final Instant createdAt;
        final Behaviour behaviour;
        /** The service's settings when this deployment was created. */
        final Settings settings;
        final ObjectNode deploymentConfiguration;
        final JsonNode networkConfiguration;
        /** The launch type the tasks report (FARGATE under a strategy). */
        final String launchType;
        final List<Task> tasks = new ArrayList<>();
        String status = PRIMARY;
        Instant updatedAt;
        String rolloutState = IN_PROGRESS;
        String rolloutStateReason;
        int failedTasks;
        boolean hadHealthyTask;
        Instant verdictAt;
        ServiceDeployment serviceDeployment;
        /** The failed service deployment this deployment is being brought back for. */
        ServiceDeployment rollingBackFrom;

        Deployment(Service service, String id, ObjectNode taskDefinition, Instant createdAt, Behaviour behaviour) {
            this.service = service;
            this.id = id;
            this.taskDefinition = taskDefinition;
            this.taskDefinitionArn = taskDefinition.path("taskDefinitionArn").asText();
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.behaviour = behaviour;
            this.settings = service.settings;
            this.deploymentConfiguration = settings.deploymentConfiguration();
            this.networkConfiguration = settings.networkConfiguration();
            this.launchType = settings.taskLaunchType();
            this.rolloutStateReason = "ECS deployment " + id + " in progress.";
        }

        /** The service revision this deployment runs: ECS numbers both alike. */
        String revisionArn() {
            return service.arn.replace(":service/", ":service-revision/") + "/" + id.substring("ecs-svc/".length());
        }

        boolean breakerEnabled() {
            return behaviour.noRollback()
                    || deploymentConfiguration.path("deploymentCircuitBreaker").path("enable").asBoolean();
        }

        boolean rollbackEnabled() {
            return !behaviour.noRollback()
                    && deploymentConfiguration.path("deploymentCircuitBreaker").path("rollback").asBoolean();
        }

        /** Tasks the scheduler still wants running. */
        List<Task> live() {
            return tasks.stream().filter(Task::live).collect(Collectors.toList());
        }

        int desiredCount() {
            return this == service.primary ? service.target() : live().size();
        }

        int count(String lastStatus) {
            return (int) tasks.stream().filter(t -> t.lastStatus.equals(lastStatus)).count();
        }

        int pendingCount() {
            return (int) tasks.stream().filter(Task::starting).count();
        }
    }

    static final class Task {
        /** The service deployment that started it; null for a task RunTask started. */
        final Deployment deployment;
        final Cluster cluster;
        final ObjectNode taskDefinition;
        final String taskDefinitionArn;
        final String launchType;
        /** Resolved (LATEST is 1.4.0); null off Fargate. */
        final String platformVersion;
        final String group;
        /** Null when RunTask was not given one. */
        final String startedBy;
        final boolean enableExecuteCommand;
        final Behaviour behaviour;
        /** Null for a service's task. */
        final RunSpec run;
        final String id;
        final String arn;
        final Instant createdAt;
        final List<String> containerIds;
        /** The capacity provider it was placed with; null under a launch type. */
        final String capacityProviderName;
        String lastStatus = PROVISIONING;
        String desiredStatus = RUNNING;
        String healthStatus = "UNKNOWN";
        Instant pullStartedAt;
        Instant pullStoppedAt;
        Instant startedAt;
        Instant stoppingAt;
        Instant stoppedAt;
        String stopCode;
        String stoppedReason;
        /** Every container's exit code, unless {@link #exitCodes} has one per container. */
        Integer exitCode;
        List<Integer> exitCodes;
        /** The container a pull failure names, or -1. */
        int failedContainer = -1;
        long version = 1;

        /** A task of a service deployment. */
        Task(Deployment deployment, String id, String arn, Instant createdAt, List<String> containerIds,
                String capacityProviderName) {
            this.deployment = deployment;
            this.cluster = deployment.service.cluster;
            this.taskDefinition = deployment.taskDefinition;
            this.taskDefinitionArn = deployment.taskDefinitionArn;
            this.launchType = deployment.launchType;
            this.platformVersion = deployment.settings.resolvedPlatformVersion();
            this.group = "service:" + deployment.service.name;
            this.startedBy = deployment.id;
            this.enableExecuteCommand = deployment.service.settings.attributes().path("enableExecuteCommand").asBoolean();
            this.behaviour = deployment.behaviour;
            this.run = null;
            this.id = id;
            this.arn = arn;
            this.createdAt = createdAt;
            this.containerIds = containerIds;
            this.capacityProviderName = capacityProviderName;
        }

        /** A task RunTask started. */
        Task(Cluster cluster, ObjectNode taskDefinition, String launchType, String platformVersion, String group,
                String startedBy, boolean enableExecuteCommand, Behaviour behaviour, RunSpec run, String id, String arn,
                Instant createdAt, List<String> containerIds, String capacityProviderName) {
            this.deployment = null;
            this.cluster = cluster;
            this.taskDefinition = taskDefinition;
            this.taskDefinitionArn = taskDefinition.path("taskDefinitionArn").asText();
            this.launchType = launchType;
            this.platformVersion = platformVersion;
            this.group = group;
            this.startedBy = startedBy;
            this.enableExecuteCommand = enableExecuteCommand;
            this.behaviour = behaviour;
            this.run = run;
            this.id = id;
            this.arn = arn;
            this.createdAt = createdAt;
            this.containerIds = containerIds;
            this.capacityProviderName = capacityProviderName;
        }

        boolean live() {
            return desiredStatus.equals(RUNNING);
        }

        boolean starting() {
            return lastStatus.equals(PROVISIONING) || lastStatus.equals(PENDING);
        }

        boolean healthy() {
            return live() && lastStatus.equals(RUNNING) && healthStatus.equals(HEALTHY);
        }

        String family() {
            return taskDefinition.path("family").asText();
        }

        /** The container's exit code, or null while it has none. */
        Integer exitCode(int container) {
            return exitCodes != null ? exitCodes.get(container) : exitCode;
        }
    }

    static final class ServiceDeployment {
        final String arn;
        final Deployment target;
        final List<Deployment> sources;
        final Instant createdAt;
        String status = "PENDING";
        String statusReason;
        Instant startedAt;
        Instant finishedAt;
        Instant stoppedAt;
        Instant updatedAt;
        String breakerStatus;
        Deployment rollbackTo;
        Instant rollbackStartedAt;

        ServiceDeployment(String arn, Deployment target, List<Deployment> sources, Instant createdAt) {
            this.arn = arn;
            this.target = target;
            this.sources = sources;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.breakerStatus = target.breakerEnabled() ? "MONITORING" : "DISABLED";
        }

        boolean ongoing() {
            return List.of("PENDING", IN_PROGRESS, "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS").contains(status);
        }
    }

    private final String accountId;
    private final Random random = new Random(20141113L);
    // Apart from the ids' generator, so that turning jitter on does not change the ids.
    private final Random jitterRandom = new Random(7L);
    private double jitter;
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparing(Timer::at).thenComparingLong(Timer::sequence));
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, Deployment> deploymentsById = new HashMap<>();
    private final Map<String, Task> tasksById = new HashMap<>();
    private final Map<String, ServiceDeployment> serviceDeploymentsByArn = new HashMap<>();
    private EcsServices.Timings timings = EcsServices.Timings.DEFAULTS;
    private LogSink logs = (group, stream, createGroup, region, at, lines) -> false;
    private long sequence;
    private Instant now;

    EcsScheduler(String accountId, Instant start) {
        this.accountId = accountId;
        this.now = start;
    }

    void timings(EcsServices.Timings timings) {
        this.timings = timings;
    }

    EcsServices.Timings timings() {
        return timings;
    }

    void logs(LogSink logs) {
        this.logs = Objects.requireNonNull(logs);
    }

    /** Fires every timer due by {@code instant}, in time order; the model's time never goes back. */
    void advanceTo(Instant instant) {
        while (!timers.isEmpty() && !timers.peek().at().isAfter(instant)) {
            Timer timer = timers.poll();
            if (timer.at().isAfter(now)) {
                now = timer.at();
            }
            timer.action().run();
        }
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    // ---- look-ups

    Optional<Cluster> cluster(String nameOrArn) {
        return Optional.ofNullable(clusters.get(lastSegment(nameOrArn)));
    }

    Cluster createCluster(String name, String region) {
        return clusters.computeIfAbsent(name,
                n -> new Cluster(n, "arn:aws:ecs:" + region + ":" + accountId + ":cluster/" + n, region));
    }

    /** The service of that name or ARN: the active or draining one, else the latest inactive one not yet forgotten. */
    Optional<Service> service(Cluster cluster, String nameOrArn) {
        String name = lastSegment(nameOrArn);
        Service inactive = null;
        for (Service service : cluster.services) {
            if (service.name.equals(name)) {
                if (!service.status.equals(INACTIVE)) {
                    return Optional.of(service);
                }
                if (!forgotten(service)) {
                    inactive = service;
                }
            }
        }
        return Optional.ofNullable(inactive);
    }

    private boolean forgotten(Service service) {
        return service.inactiveAt != null && !now.isBefore(service.inactiveAt.plus(timings.inactiveServiceRetention()));
    }

    Optional<Deployment> deployment(String id) {
        return Optional.ofNullable(deploymentsById.get(id));
    }

    Optional<Task> task(Cluster cluster, String idOrArn) {
        Task task = tasksById.get(lastSegment(idOrArn));
        return task != null && task.cluster == cluster && !expired(task) ? Optional.of(task) : Optional.empty();
    }

    /** A stopped task ECS no longer reports. */
    boolean expired(Task task) {
        return task.stoppedAt != null && !now.isBefore(task.stoppedAt.plus(timings.stoppedTaskRetention()))
                || task.deployment != null && forgotten(task.deployment.service);
    }

    /** The cluster's RunTask tasks still reported, oldest first; forgets the others. */
    List<Task> standaloneTasks(Cluster cluster) {
        cluster.standalone.removeIf(task -> {
            boolean expired = expired(task);
            if (expired) {
                tasksById.remove(task.id);
            }
            return expired;
        });
        return List.copyOf(cluster.standalone);
    }

    Optional<ServiceDeployment> serviceDeployment(String arn) {
        ServiceDeployment found = serviceDeploymentsByArn.get(arn);
        return found != null && !forgotten(found.target.service) ? Optional.of(found) : Optional.empty();
    }

    // ---- API actions

    Service createService(Cluster cluster, String name, int desiredCount, Settings settings, ArrayNode tags,
            String clientToken, JsonNode creationRequest, ObjectNode taskDefinition, Behaviour behaviour) {
        Service service = new Service(cluster, name, cluster.arn.replace(":cluster/", ":service/") + "/" + name, now);
        service.desiredCount = desiredCount;
        service.settings = settings;
        service.tags = tags;
        service.clientToken = clientToken;
        service.creationRequest = creationRequest;
        cluster.services.add(service);
        startDeployment(service, taskDefinition, behaviour);
        return service;
    }

    /**
     * Changes what UpdateService changed. As in ECS, a new deployment starts when forced, or when what the
     * tasks run with changes: the task definition, network, load balancers, service registries, capacity
     * provider strategy or platform version.
     */
    void updateService(Service service, Optional<Integer> desiredCount, Settings settings,
            Optional<ObjectNode> taskDefinition, Behaviour behaviour, boolean forceNewDeployment) {
        Settings old = service.settings;
        boolean redeploy = forceNewDeployment
                || taskDefinition.isPresent()
                        && !taskDefinition.get().path("taskDefinitionArn").asText().equals(service.primary.taskDefinitionArn)
                || !Objects.equals(settings.networkConfiguration(), old.networkConfiguration())
                || !settings.loadBalancers().equals(old.loadBalancers())
                || !settings.serviceRegistries().equals(old.serviceRegistries())
                || !Objects.equals(settings.capacityProviderStrategy(), old.capacityProviderStrategy())
                || !Objects.equals(settings.platformVersion(), old.platformVersion());
        desiredCount.ifPresent(count -> {
            service.desiredCount = count;
            service.primary.updatedAt = now;
            service.steady = false;
        });
        service.settings = settings;
        if (redeploy) {
            startDeployment(service, taskDefinition.orElse(service.primary.taskDefinition), behaviour);
        } else {
            requestReconcile(service);
        }
    }

    /**
     * Starts {@code count} tasks outside any service, as RunTask does: PROVISIONING, PENDING, RUNNING,
     * then STOPPED when the essential containers exit {@code run.runFor()} later (or, when the image
     * cannot be pulled, TaskFailedToStart).
     *
     * @param strategy null under a launch type
     */
    List<Task> runTasks(Cluster cluster, ObjectNode taskDefinition, int count, String launchType, ArrayNode strategy,
            String platformVersion, String group, String startedBy, boolean enableExecuteCommand, Behaviour behaviour,
            RunSpec run) {
        List<Task> started = new ArrayList<>();
        int containers = Math.max(1, taskDefinition.path("containerDefinitions").size());
        for (int i = 0; i < count; i++) {
            String id = hex(32);
            List<String> containerIds = new ArrayList<>();
            for (int c = 0; c < containers; c++) {
                containerIds.add(uuid());
            }
            Task task = new Task(cluster, taskDefinition, launchType, platformVersion, group, startedBy,
                    enableExecuteCommand, behaviour, run, id, "arn:aws:ecs:" + cluster.region + ":" + accountId + ":task/"
                    + cluster.name + "/" + id, now, List.copyOf(containerIds), capacityProvider(strategy, started));
            cluster.standalone.add(task);
            tasksById.put(id, task);
            started.add(task);
            schedule(timings.provisioning(), () -> provisioned(task));
        }
        return started;
    }

    /**
     * Stops the task as StopTask does (stop code UserInitiated): a running task's containers are killed
     * after the stop timeout ({@code drain}) and exit 137, a task not yet running stops at once. A
     * service's task is replaced by its scheduler. A task already stopping is left as it is.
     */
    void stopTask(Task task, String reason) {
        if (!task.live()) {
            return;
        }
        boolean running = task.lastStatus.equals(RUNNING);
        beginStop(task, USER_INITIATED, reason);
        if (running) {
            // The container ignores SIGTERM until the stop timeout, then is killed.
            task.exitCode = 137;
        } else {
            finishStop(task);
        }
        if (task.deployment != null) {
            task.deployment.updatedAt = now;
            task.deployment.service.steady = false;
            requestReconcile(task.deployment.service);
        }
    }

    void deleteService(Service service) {
        service.status = DRAINING;
        service.desiredCount = 0;
        service.steady = false;
        service.primary.updatedAt = now;
        stopServiceDeployment(currentServiceDeployment(service.primary),
                "Service deployment stopped because the service was deleted.");
        requestReconcile(service);
    }

    private void startDeployment(Service service, ObjectNode taskDefinition, Behaviour behaviour) {
        Deployment previous = service.primary;
        Deployment deployment = new Deployment(service, deploymentId(), taskDefinition, now, behaviour);
        List<Deployment> sources = previous == null ? List.of() : service.visibleDeployments();
        if (previous != null) {
            previous.status = ACTIVE;
            previous.updatedAt = now;
            stopServiceDeployment(currentServiceDeployment(previous), SUPERSEDED);
            previous.rollingBackFrom = null;
        }
        service.deployments.add(deployment);
        service.primary = deployment;
        service.steady = false;
        service.unhealthyReplacements = 0;
        deploymentsById.put(deployment.id, deployment);
        ServiceDeployment serviceDeployment = new ServiceDeployment(service.arn.replace(":service/", ":service-deployment/")
                + "/" + randomId(21), deployment, List.copyOf(sources), now);
        deployment.serviceDeployment = serviceDeployment;
        service.serviceDeployments.add(serviceDeployment);
        serviceDeploymentsByArn.put(serviceDeployment.arn, serviceDeployment);
        requestReconcile(service);
    }

    private static ServiceDeployment currentServiceDeployment(Deployment deployment) {
        return deployment.rollingBackFrom != null ? deployment.rollingBackFrom : deployment.serviceDeployment;
    }

    private void stopServiceDeployment(ServiceDeployment serviceDeployment, String reason) {
        if (serviceDeployment.ongoing()) {
            serviceDeployment.status = STOPPED;
            serviceDeployment.statusReason = reason;
            serviceDeployment.stoppedAt = now;
            serviceDeployment.finishedAt = now;
            serviceDeployment.updatedAt = now;
        }
    }

    // ---- the service scheduler

    private void requestReconcile(Service service) {
        if (!service.reconcileDue) {
            service.reconcileDue = true;
            schedule(timings.placement(), () -> reconcile(service));
        }
    }

    /** One pass of the service scheduler: register, stop, start, then settle. */
    private void reconcile(Service service) {
        service.reconcileDue = false;
        if (service.status.equals(INACTIVE)) {
            return;
        }
        Deployment primary = service.primary;
        forgetExpiredTasks(service);
        registerTargets(service);
        ServiceDeployment current = currentServiceDeployment(primary);
        if (current.status.equals("PENDING")) {
            current.status = IN_PROGRESS;
            current.startedAt = now;
            current.updatedAt = now;
        } else if (current.status.equals("ROLLBACK_REQUESTED")) {
            current.status = "ROLLBACK_IN_PROGRESS";
            current.updatedAt = now;
        }
        int target = service.target();
        stopTasks(service, surplus(service, target), "Scaling activity initiated by (deployment " + primary.id + ")");
        if (service.status.equals(ACTIVE) && !primary.rolloutState.equals(FAILED)) {
            int maximum = (int) Math.floor(target * percent(service, "maximumPercent") / 100.0);
            int present = (int) service.tasks().stream().filter(t -> !t.lastStatus.equals(STOPPED)).count();
            int launch = Math.min(target - primary.live().size(), maximum - present);
            if (launch > 0) {
                startTasks(primary, launch);
            }
        }
        settle(service, target);
    }

    /**
     * The tasks to stop now: the primary's beyond the target, the old deployments' tasks that are not
     * running yet, and their running ones as far as the minimum healthy percent allows.
     */
    private List<Task> surplus(Service service, int target) {
        Deployment primary = service.primary;
        List<Task> stop = new ArrayList<>();
        List<Task> own = primary.live();
        own.sort(Comparator.comparing((Task t) -> !t.starting()).thenComparing(t -> t.createdAt, Comparator.reverseOrder()));
        stop.addAll(own.subList(0, Math.max(0, own.size() - target)));
        List<Task> oldRunning = new ArrayList<>();
        for (Deployment deployment : service.deployments) {
            if (deployment != primary) {
                for (Task task : deployment.live()) {
                    (task.starting() ? stop : oldRunning).add(task);
                }
            }
        }
        int minimumHealthy = (int) Math.ceil(target * percent(service, "minimumHealthyPercent") / 100.0);
        int spare = (int) service.tasks().stream().filter(t -> t.healthy() && !stop.contains(t)).count() - minimumHealthy;
        oldRunning.sort(Comparator.comparing(Task::healthy).thenComparing(t -> t.createdAt));
        for (Task task : oldRunning) {
            if (!task.healthy()) {
                stop.add(task);
            } else if (spare > 0) {
                stop.add(task);
                spare--;
            }
        }
        return stop;
    }

    /** Completes the primary deployment, announces a steady state, or retires a drained service. */
    private void settle(Service service, int target) {
        Deployment primary = service.primary;
        List<Task> present = service.tasks().stream().filter(t -> !t.lastStatus.equals(STOPPED)).toList();
        if (service.status.equals(DRAINING)) {
            if (present.isEmpty()) {
                service.status = INACTIVE;
                service.inactiveAt = now;
            }
            return;
        }
        boolean settled = present.size() == target && present.stream().allMatch(t -> t.deployment == primary && t.healthy());
        if (!settled || primary.rolloutState.equals(FAILED)) {
            return;
        }
        if (primary.rolloutState.equals(IN_PROGRESS)) {
            complete(primary);
        } else if (!service.steady) {
            event(service, "has reached a steady state.");
            service.steady = true;
        }
    }

    private void complete(Deployment deployment) {
        Service service = deployment.service;
        deployment.rolloutState = COMPLETED;
        deployment.rolloutStateReason = "ECS deployment " + deployment.id + " completed.";
        deployment.updatedAt = now;
        deployment.verdictAt = now;
        event(service, "(deployment " + deployment.id + ") deployment completed.");
        event(service, "has reached a steady state.");
        service.steady = true;
        service.lastCompleted = deployment;
        for (Deployment other : service.deployments) {
            if (other != deployment && other.status.equals(ACTIVE)) {
                other.status = INACTIVE;
                other.updatedAt = now;
            }
        }
        ServiceDeployment serviceDeployment = currentServiceDeployment(deployment);
        if (deployment.rollingBackFrom != null) {
            serviceDeployment.status = "ROLLBACK_SUCCESSFUL";
            deployment.rollingBackFrom = null;
        } else if (serviceDeployment.ongoing()) {
            serviceDeployment.status = "SUCCESSFUL";
            if (serviceDeployment.breakerStatus.equals("MONITORING")) {
                serviceDeployment.breakerStatus = "MONITORING_COMPLETE";
            }
        }
        serviceDeployment.finishedAt = now;
        serviceDeployment.updatedAt = now;
    }

    private void forgetExpiredTasks(Service service) {
        for (Deployment deployment : service.deployments) {
            deployment.tasks.removeIf(task -> {
                boolean expired = expired(task);
                if (expired) {
                    tasksById.remove(task.id);
                }
                return expired;
            });
        }
    }

    private void registerTargets(Service service) {
        List<Task> registered = service.newlyHealthy.stream().filter(Task::healthy).toList();
        service.newlyHealthy.clear();
        if (!registered.isEmpty()) {
            for (String targetGroup : targetGroups(service)) {
                event(service, "registered " + registered.size() + " targets in (target-group " + targetGroup + ")");
            }
        }
    }

    private void startTasks(Deployment deployment, int count) {
        Service service = deployment.service;
        List<Task> started = new ArrayList<>();
        int containers = Math.max(1, deployment.taskDefinition.path("containerDefinitions").size());
        for (int i = 0; i < count; i++) {
            String id = hex(32);
            List<String> containerIds = new ArrayList<>();
            for (int c = 0; c < containers; c++) {
                containerIds.add(uuid());
            }
            Task task = new Task(deployment, id, "arn:aws:ecs:" + service.cluster.region + ":" + accountId + ":task/"
                    + service.cluster.name + "/" + id, now, List.copyOf(containerIds), capacityProvider(deployment));
            deployment.tasks.add(task);
            tasksById.put(id, task);
            started.add(task);
            schedule(timings.provisioning(), () -> provisioned(task));
        }
        deployment.updatedAt = now;
        service.steady = false;
        int replaced = Math.min(count, service.unhealthyReplacements);
        service.unhealthyReplacements -= replaced;
        event(service, "has started " + count + " tasks: " + taskList(started) + "."
                + (replaced > 0 ? " Amazon ECS replaced " + replaced + " tasks due to an unhealthy status." : ""));
    }

    /**
     * The capacity provider for the deployment's next task, deterministically: first the provider with a
     * base until it has that many live tasks, then the one furthest below its weighted share of the rest
     * (ties to the first listed). Null under a launch type.
     */
    static String capacityProvider(Deployment deployment) {
        return capacityProvider(deployment.settings.capacityProviderStrategy(), deployment.live());
    }

    /** The provider the strategy places the next task with, given the live tasks placed by it so far. */
    static String capacityProvider(ArrayNode strategy, List<Task> placed) {
        if (strategy == null || strategy.isEmpty()) {
            return null;
        }
        Map<String, Integer> live = new HashMap<>();
        for (Task task : placed) {
            if (task.capacityProviderName != null) {
                live.merge(task.capacityProviderName, 1, Integer::sum);
            }
        }
        for (JsonNode item : strategy) {
            String provider = item.path("capacityProvider").asText();
            if (live.getOrDefault(provider, 0) < item.path("base").asInt()) {
                return provider;
            }
        }
        String best = null;
        double lowest = Double.MAX_VALUE;
        for (JsonNode item : strategy) {
            int weight = item.path("weight").asInt();
            if (weight <= 0) {
                continue;
            }
            String provider = item.path("capacityProvider").asText();
            int beyondBase = live.getOrDefault(provider, 0) - item.path("base").asInt();
            double share = (beyondBase + 1) / (double) weight;
            if (share < lowest) {
                lowest = share;
                best = provider;
            }
        }
        return best != null ? best : strategy.get(0).path("capacityProvider").asText();
    }

    private void provisioned(Task task) {
        if (!task.live()) {
            return;
        }
        task.lastStatus = PENDING;
        task.pullStartedAt = now;
        task.version++;
        if (task.behaviour.kind() == Behaviour.Kind.CANNOT_PULL) {
            schedule(timings.pullFailure(), () -> failedToStart(task));
        } else {
            schedule(timings.pending(), () -> running(task));
        }
    }

    private void running(Task task) {
        if (!task.live()) {
            return;
        }
        task.lastStatus = RUNNING;
        task.pullStoppedAt = now;
        task.startedAt = now;
        task.version++;
        if (task.run != null) {
            log(task, TaskLogs.migrationStarted());
            schedule(task.run.runFor(), () -> exited(task));
            return;
        }
        task.deployment.updatedAt = now;
        Behaviour.Kind kind = task.behaviour.kind();
        Duration toHealth = jittered(kind == Behaviour.Kind.SLOW ? timings.slowHealthCheck() : timings.healthCheck());
        if (kind == Behaviour.Kind.FAILING_HEALTH_CHECK) {
            log(task, TaskLogs.failingStarted());
            // Halfway to the failed health check the app hits its error; set first, so that it comes first
            // when both are due at once.
            timers.add(new Timer(now.plus(toHealth.dividedBy(2)), sequence++, () -> {
                if (task.live()) {
                    log(task, TaskLogs.failingError());
                }
            }));
        } else {
            log(task, TaskLogs.healthyStarted());
        }
        timers.add(new Timer(now.plus(toHealth), sequence++, () -> {
            if (kind == Behaviour.Kind.FAILING_HEALTH_CHECK) {
                unhealthy(task);
            } else {
                healthy(task);
            }
        }));
    }

    /** A RunTask task's essential containers exit: the task stops with their exit code. */
    private void exited(Task task) {
        if (!task.live()) {
            return;
        }
        int code = task.run.exitCode();
        List<Integer> codes = new ArrayList<>();
        JsonNode definitions = task.taskDefinition.path("containerDefinitions");
        for (int i = 0; i < task.containerIds.size(); i++) {
            // The other containers are stopped with SIGTERM when an essential one exits.
            codes.add(definitions.path(i).path("essential").asBoolean(true) ? code : 143);
        }
        log(task, TaskLogs.migrationExited(code));
        task.desiredStatus = STOPPED;
        task.lastStatus = STOPPED;
        task.stopCode = ESSENTIAL_CONTAINER_EXITED;
        task.stoppedReason = ESSENTIAL_EXITED_REASON;
        task.exitCodes = List.copyOf(codes);
        task.stoppingAt = now;
        task.stoppedAt = now;
        task.version++;
    }

    /** Writes the lines, at this instant, to the stream of each of the task's containers that logs with awslogs. */
    private void log(Task task, List<String> lines) {
        JsonNode definitions = task.taskDefinition.path("containerDefinitions");
        for (int i = 0; i < definitions.size(); i++) {
            JsonNode definition = definitions.get(i);
            JsonNode configuration = definition.path("logConfiguration");
            if (!configuration.path("logDriver").asText().equals("awslogs")) {
                continue;
            }
            JsonNode options = configuration.path("options");
            String group = options.path("awslogs-group").asText("");
            if (group.isEmpty()) {
                continue;
            }
            String prefix = options.path("awslogs-stream-prefix").asText("");
            String name = definition.path("name").asText("app");
            // Without a prefix the stream is named after the container (by the simulator's container id).
            String stream = prefix.isEmpty() ? task.containerIds.get(i) : prefix + "/" + name + "/" + task.id;
            boolean create = options.path("awslogs-create-group").asText("").equalsIgnoreCase("true");
            String region = options.path("awslogs-region").asText(task.cluster.region);
            List<String> written = lines.stream().map(line -> line.replace(TaskLogs.PORT, port(definition))).toList();
            // ECS would fail the task with a ResourceInitializationError for a missing group; the simulator
            // just writes nothing.
            logs.write(group, stream, create, region, now, written);
        }
    }

    private static String port(JsonNode definition) {
        return definition.path("portMappings").path(0).path("containerPort").asText("3000");
    }

    private void healthy(Task task) {
        if (!task.live()) {
            return;
        }
        Deployment deployment = task.deployment;
        task.healthStatus = HEALTHY;
        task.version++;
        // ECS stops counting failures once a deployment has a task that runs successfully.
        deployment.hadHealthyTask = true;
        deployment.failedTasks = 0;
        deployment.updatedAt = now;
        deployment.service.newlyHealthy.add(task);
        requestReconcile(deployment.service);
    }

    private void unhealthy(Task task) {
        if (!task.live()) {
            return;
        }
        Service service = task.deployment.service;
        task.healthStatus = "UNHEALTHY";
        event(service, "(task " + task.id + ") failed container health checks.");
        beginStop(task, SCHEDULER_INITIATED, HEALTH_CHECK_FAILED);
        // The container ignores SIGTERM until the stop timeout, then is killed.
        task.exitCode = 137;
        event(service, "has stopped 1 running tasks: (task " + task.id + ").");
        if (task.deployment == service.primary) {
            service.unhealthyReplacements++;
        }
        failure(task.deployment);
        requestReconcile(service);
    }

    private void failedToStart(Task task) {
        if (!task.live()) {
            return;
        }
        Deployment deployment = task.deployment;
        String image = task.behaviour.missingImage();
        String ref = EcsImages.Reference.parse(image).resolved();
        String reason = "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref "
                + ref + ": " + ref + ": not found";
        task.failedContainer = 0;
        JsonNode containers = task.taskDefinition.path("containerDefinitions");
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).path("image").asText().equals(image)) {
                task.failedContainer = i;
                break;
            }
        }
        task.desiredStatus = STOPPED;
        task.lastStatus = STOPPED;
        task.stopCode = "TaskFailedToStart";
        task.stoppedReason = reason;
        task.stoppingAt = now;
        task.stoppedAt = now;
        task.pullStoppedAt = now;
        task.version++;
        if (deployment == null) {
            return;
        }
        event(deployment.service, "was unable to place a task. Reason: " + reason + ".");
        failure(deployment);
        requestReconcile(deployment.service);
    }

    private void failure(Deployment deployment) {
        deployment.updatedAt = now;
        if (deployment.hadHealthyTask) {
            return;
        }
        deployment.failedTasks++;
        Service service = deployment.service;
        if (deployment == service.primary && deployment.rolloutState.equals(IN_PROGRESS) && deployment.breakerEnabled()
                && deployment.failedTasks >= threshold(service.desiredCount)) {
            tripCircuitBreaker(deployment);
        }
    }

    /** The circuit breaker's failure threshold: half the desired count, at least 3 and at most 200. */
    static int threshold(int desiredCount) {
        return Math.min(200, Math.max(3, (int) Math.ceil(desiredCount / 2.0)));
    }

    /**
     * Fails the deployment and, with rollback, makes the last completed deployment PRIMARY again under
     * its old id (ECS creates neither a new deployment nor a new service revision for a rollback).
     */
    private void tripCircuitBreaker(Deployment failed) {
        Service service = failed.service;
        failed.rolloutState = FAILED;
        failed.rolloutStateReason = CIRCUIT_BREAKER_FAILED;
        failed.verdictAt = now;
        event(service, "(deployment " + failed.id + ") deployment failed: tasks failed to start.");
        ServiceDeployment serviceDeployment = currentServiceDeployment(failed);
        serviceDeployment.updatedAt = now;
        serviceDeployment.statusReason = CIRCUIT_BREAKER_FAILED;
        if (failed.rollingBackFrom != null) {
            serviceDeployment.status = "ROLLBACK_FAILED";
            serviceDeployment.finishedAt = now;
            failed.rollingBackFrom = null;
            return;
        }
        serviceDeployment.breakerStatus = "TRIGGERED";
        Deployment back = service.lastCompleted;
        if (!failed.rollbackEnabled() || back == null || back == failed) {
            serviceDeployment.status = STOPPED;
            serviceDeployment.stoppedAt = now;
            serviceDeployment.finishedAt = now;
            return;
        }
        failed.status = ACTIVE;
        back.status = PRIMARY;
        back.rolloutState = IN_PROGRESS;
        back.rolloutStateReason = "ECS deployment circuit breaker: rolling back to deploymentId " + back.id + ".";
        back.updatedAt = now;
        back.failedTasks = 0;
        back.hadHealthyTask = back.tasks.stream().anyMatch(Task::healthy);
        back.rollingBackFrom = serviceDeployment;
        // Listed again, and newest: the list shows deployments newest first after the PRIMARY.
        service.deployments.remove(back);
        service.deployments.add(back);
        service.primary = back;
        service.steady = false;
        service.unhealthyReplacements = 0;
        serviceDeployment.status = "ROLLBACK_REQUESTED";
        serviceDeployment.rollbackTo = back;
        serviceDeployment.rollbackStartedAt = now;
        event(service, "rolling back to deployment " + back.id + ".");
        requestReconcile(service);
    }

    private void stopTasks(Service service, List<Task> tasks, String reason) {
        if (tasks.isEmpty()) {
            return;
        }
        List<Task> draining = tasks.stream().filter(t -> t.lastStatus.equals(RUNNING)).toList();
        if (!draining.isEmpty()) {
            List<String> targetGroups = targetGroups(service);
            if (!targetGroups.isEmpty()) {
                event(service, "has begun draining connections on " + draining.size() + " tasks.");
                for (String targetGroup : targetGroups) {
                    event(service, "deregistered " + draining.size() + " targets in (target-group " + targetGroup + ")");
                }
            }
        }
        for (Task task : tasks) {
            beginStop(task, SCHEDULER_INITIATED, reason);
            task.deployment.updatedAt = now;
            if (!task.lastStatus.equals(RUNNING)) {
                finishStop(task);
            }
        }
        service.steady = false;
        event(service, "has stopped " + tasks.size() + " running tasks: " + taskList(tasks) + ".");
    }

    private void beginStop(Task task, String stopCode, String reason) {
        task.desiredStatus = STOPPED;
        task.stoppingAt = now;
        task.stopCode = stopCode;
        task.stoppedReason = reason;
        task.version++;
        if (task.lastStatus.equals(RUNNING)) {
            schedule(timings.drain(), () -> finishStop(task));
        }
    }

    private void finishStop(Task task) {
        if (task.lastStatus.equals(STOPPED)) {
            return;
        }
        boolean ran = task.lastStatus.equals(RUNNING);
        task.lastStatus = STOPPED;
        task.stoppedAt = now;
        task.version++;
        if (ran && task.exitCode == null) {
            task.exitCode = 0;
        }
        if (task.deployment != null) {
            task.deployment.updatedAt = now;
            requestReconcile(task.deployment.service);
        }
    }

    // ---- helpers

    private static int percent(Service service, String field) {
        return service.settings.deploymentConfiguration().path(field).asInt();
    }

    private static List<String> targetGroups(Service service) {
        List<String> groups = new ArrayList<>();
        for (JsonNode balancer : service.settings.loadBalancers()) {
            String group = balancer.path("targetGroupArn").asText("");
            if (!group.isEmpty() && !groups.contains(group)) {
                groups.add(group);
            }
        }
        return groups;
    }

    private static String taskList(List<Task> tasks) {
        return tasks.stream().map(t -> "(task " + t.id + ")").collect(Collectors.joining(" "));
    }

    /** Adds "(service name) message" as the newest event, unless an event of this instant says the same. */
    private void event(Service service, String message) {
        String text = "(service " + service.name + ") " + message;
        // Tasks failing together give one event, as in ECS.
        for (Event event : service.events) {
            if (!event.createdAt().equals(now)) {
                break;
            }
            if (event.message().equals(text)) {
                return;
            }
        }
        service.events.addFirst(new Event(uuid(), now, text));
        while (service.events.size() > MAX_EVENTS) {
            service.events.removeLast();
        }
    }

    private void schedule(Duration delay, Runnable action) {
        timers.add(new Timer(now.plus(jittered(delay)), sequence++, action));
    }

    /** The delay spread by the jitter. */
    private Duration jittered(Duration delay) {
        return jitter == 0 ? delay : Duration.ofMillis((long) (delay.toMillis() * (1 - jitter + 2 * jitter * jitterRandom.nextDouble())));
    }

    /** Spreads every transition's delay by up to ± this fraction (seeded), so that rollouts do not run in lockstep. */
    void jitter(double fraction) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + fraction);
        }
        jitter = fraction;
    }

    private String deploymentId() {
        // 19 digits, as ECS prints them.
        return "ecs-svc/" + (1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L));
    }

    private String hex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(String.format("%016x", random.nextLong()));
        }
        return hex.substring(0, length);
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private String uuid() {
        long most = random.nextLong() & ~0xF000L | 0x4000L;
        long least = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    static String lastSegment(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }
}
