package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

/**
 * What ECS checks and adds when it registers a task definition. The checks answer
 * {@code ClientException} with the real service's messages; the additions are the defaults and derived
 * members that RegisterTaskDefinition and DescribeTaskDefinition show.
 */
final class TaskDefinitionRules {

    /** Family and container names. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    /** A role ARN, or a bare role name, which ECS also takes. */
    private static final Pattern ROLE =
            Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}|[\\w+=,.@-]{1,64}");
    private static final Pattern ECR_IMAGE =
            Pattern.compile("[0-9]{12}\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?/.+");
    private static final Pattern CPU = Pattern.compile("(?i)\\s*([0-9]*\\.?[0-9]+)\\s*(vcpus?)?\\s*");
    private static final Pattern MEMORY = Pattern.compile("(?i)\\s*([0-9]*\\.?[0-9]+)\\s*(gb|gib|mb|mib)?\\s*");
    private static final String TROUBLESHOOTING =
            " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
    /** EC2 tasks may ask for 0.125 to 192 vCPUs. */
    private static final int EC2_MIN_CPU = 128;
    private static final int EC2_MAX_CPU = 196_608;
    /** The memory sizes (MiB) Fargate offers for each task cpu. */
    private static final Map<Integer, Set<Integer>> FARGATE_SIZES = Map.of(
            256, Set.of(512, 1024, 2048),
            512, steps(1024, 4096, 1024),
            1024, steps(2048, 8192, 1024),
            2048, steps(4096, 16384, 1024),
            4096, steps(8192, 30720, 1024),
            8192, steps(16384, 61440, 4096),
            16384, steps(32768, 122880, 8192));
    private static final Set<String> FARGATE_LOG_DRIVERS = Set.of("awslogs", "splunk", "awsfirelens");

    /**
     * A registration that passed the checks.
     *
     * @param definition the task definition's members from the request, normalised and with the
     *     service's additions, but without the revision's own members (ARN, revision, status, times)
     * @param tags the request's tags, {@code []} if none
     */
    record Registration(String family, ObjectNode definition, ArrayNode tags) {
    }

    private TaskDefinitionRules() {
    }

    static AwsError clientException(String message) {
        return AwsError.client("ClientException", message);
    }

    /** The RegisterTaskDefinition request checked as ECS checks it. */
    static Registration check(JsonNode body) {
        ObjectNode request = (ObjectNode) TaskDefinitionModel.conform(TaskDefinitionModel.REQUEST, body, "");
        String family = text(request, "family").orElse("");
        if (family.isEmpty()) {
            throw clientException("Family can not be blank.");
        }
        if (!NAME.matcher(family).matches()) {
            throw clientException("Family contains invalid characters.");
        }
        List<ObjectNode> containers = objects(request.path("containerDefinitions"));
        if (containers.isEmpty()) {
            throw clientException("Container list cannot be empty.");
        }
        checkNames(containers);
        for (String role : List.of("taskRoleArn", "executionRoleArn")) {
            if (text(request, role).filter(arn -> !ROLE.matcher(arn).matches()).isPresent()) {
                throw clientException("Role is not valid");
            }
        }
        Optional<Integer> cpu = units(request, "cpu", CPU, "vcpu");
        Optional<Integer> memory = units(request, "memory", MEMORY, "g");
        String networkMode = text(request, "networkMode").orElse("bridge");
        boolean executionRole = request.has("executionRoleArn");
        if (strings(request.path("requiresCompatibilities")).contains("FARGATE")) {
            checkFargate(request, containers, networkMode, cpu, memory, executionRole);
        } else if (cpu.filter(units -> units < EC2_MIN_CPU || units > EC2_MAX_CPU).isPresent()) {
            throw clientException("Invalid 'cpu' setting for task." + TROUBLESHOOTING);
        }
        for (ObjectNode container : containers) {
            checkContainer(container, networkMode, memory.isPresent(), executionRole);
        }

        ObjectNode definition = request.deepCopy();
        definition.remove("tags");
        cpu.ifPresent(units -> definition.put("cpu", Integer.toString(units)));
        memory.ifPresent(mib -> definition.put("memory", Integer.toString(mib)));
        ArrayNode completed = definition.putArray("containerDefinitions");
        containers.forEach(container -> completed.add(withDefaults(container, networkMode)));
        if (!definition.has("volumes")) {
            definition.putArray("volumes");
        }
        if (!definition.has("placementConstraints")) {
            definition.putArray("placementConstraints");
        }
        ArrayNode attributes = definition.putArray("requiresAttributes");
        requiredAttributes(definition, containers, networkMode)
                .forEach(name -> attributes.addObject().put("name", name));
        ArrayNode compatibilities = definition.putArray("compatibilities").add("EC2");
        if (fargateCompatible(definition, containers, networkMode, cpu, memory)) {
            compatibilities.add("FARGATE");
        }
        ArrayNode tags = request.has("tags") ? (ArrayNode) request.get("tags") : AwsJson.MAPPER.createArrayNode();
        return new Registration(family, definition, tags);
    }

    private static void checkNames(List<ObjectNode> containers) {
        Set<String> names = new HashSet<>();
        for (ObjectNode container : containers) {
            String name = text(container, "name").orElse("");
            if (name.isEmpty()) {
                throw clientException("Container.name should not be null or empty.");
            }
            if (!NAME.matcher(name).matches()) {
                throw clientException("Container.name contains invalid characters.");
            }
            if (text(container, "image").orElse("").isEmpty()) {
                throw clientException("Container.image should not be null or empty.");
            }
            if (!names.add(name)) {
                throw clientException("Container names must be unique within a Task Definition.");
            }
        }
    }

    private static void checkFargate(ObjectNode request, List<ObjectNode> containers, String networkMode,
            Optional<Integer> cpu, Optional<Integer> memory, boolean executionRole) {
        // AWS writes typographic quotes in this one message.
        if (!networkMode.equals("awsvpc")) {
            throw clientException("Fargate only supports network mode \u2018awsvpc\u2019.");
        }
        if (cpu.isEmpty()) {
            throw clientException("Fargate requires that 'cpu' be defined at the task level.");
        }
        if (!FARGATE_SIZES.containsKey(cpu.get())) {
            throw clientException("Invalid 'cpu' setting for task." + TROUBLESHOOTING);
        }
        if (memory.isEmpty()) {
            throw clientException("Fargate requires that 'memory' be defined at the task level.");
        }
        if (!FARGATE_SIZES.get(cpu.get()).contains(memory.get())) {
            throw clientException("No Fargate configuration exists for given values: " + cpu.get() + " CPU, "
                    + memory.get() + " memory. See the Amazon ECS documentation for the valid values.");
        }
        if (request.has("ipcMode")) {
            throw clientException("Tasks using the Fargate launch type do not support ipcMode.");
        }
        if (!executionRole && containers.stream().anyMatch(TaskDefinitionRules::ecrImage)) {
            throw clientException("Fargate requires task definition to have execution role ARN to support ECR images.");
        }
        if (!executionRole && containers.stream().anyMatch(c -> logDriver(c).filter("awslogs"::equals).isPresent())) {
            throw clientException(
                    "Fargate requires task definition to have execution role ARN to support log driver awslogs.");
        }
    }

    private static void checkContainer(ObjectNode container, String networkMode, boolean taskMemory,
            boolean executionRole) {
        String name = container.get("name").textValue();
        if (!taskMemory && !container.has("memory") && !container.has("memoryReservation")) {
            throw clientException("Invalid setting for container '" + name
                    + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
        }
        if (networkMode.equals("awsvpc") || networkMode.equals("host")) {
            for (ObjectNode mapping : objects(container.path("portMappings"))) {
                if (mapping.has("hostPort") && mapping.has("containerPort")
                        && mapping.get("hostPort").intValue() != mapping.get("containerPort").intValue()) {
                    throw clientException("When networkMode=" + networkMode
                            + ", the host ports and container ports in port mappings must match.");
                }
            }
        }
        if (!executionRole && !objects(container.path("secrets")).isEmpty()) {
            throw clientException(
                    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        }
        if (!executionRole && container.has("repositoryCredentials")) {
            throw clientException("Private repository authentication requires that the task definition specify a"
                    + " value for executionRoleArn.");
        }
    }

    /** Task cpu units or memory MiB: a whole number, or a decimal with the unit (vCPU, GB) ECS also reads. */
    private static Optional<Integer> units(ObjectNode request, String member, Pattern pattern, String largeUnit) {
        Optional<String> text = text(request, member);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = pattern.matcher(text.get());
        BigDecimal value = null;
        if (matcher.matches()) {
            boolean large = matcher.group(2) != null && matcher.group(2).toLowerCase().startsWith(largeUnit);
            value = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(large ? 1024 : 1));
        }
        if (value == null || value.signum() <= 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw clientException("Invalid '" + member + "' setting for task." + TROUBLESHOOTING);
        }
        return Optional.of(value.intValueExact());
    }

    /** The container as ECS stores it: its members in model order, with the defaults ECS fills in. */
    private static ObjectNode withDefaults(ObjectNode given, String networkMode) {
        ObjectNode container = given.deepCopy();
        if (!container.has("cpu")) {
            container.put("cpu", 0);
        }
        if (!container.has("essential")) {
            container.put("essential", true);
        }
        ArrayNode mappings = container.has("portMappings")
                ? (ArrayNode) container.get("portMappings") : container.putArray("portMappings");
        for (ObjectNode mapping : objects(mappings)) {
            // awsvpc and host publish the container port itself; bridge's 0 asks Docker for an ephemeral port.
            if (mapping.has("containerPort") && !mapping.has("hostPort")) {
                mapping.put("hostPort", networkMode.equals("awsvpc") || networkMode.equals("host")
                        ? mapping.get("containerPort").intValue() : 0);
            }
            if (!mapping.has("protocol")) {
                mapping.put("protocol", "tcp");
            }
        }
        for (String list : List.of("environment", "mountPoints", "volumesFrom", "systemControls")) {
            if (!container.has(list)) {
                container.putArray(list);
            }
        }
        if (container.get("healthCheck") instanceof ObjectNode healthCheck) {
            Map.of("interval", 30, "timeout", 5, "retries", 3).forEach((member, seconds) -> {
                if (!healthCheck.has(member)) {
                    healthCheck.put(member, seconds);
                }
            });
        }
        return (ObjectNode) TaskDefinitionModel.conform(TaskDefinitionModel.CONTAINER_DEFINITION, container,
                "containerDefinitions");
    }

    /**
     * The container instance attributes the task needs, in the order ECS tends to list them; the
     * Docker remote API versions are those ECS names for the features.
     */
    private static Set<String> requiredAttributes(ObjectNode definition, List<ObjectNode> containers,
            String networkMode) {
        boolean executionRole = definition.has("executionRoleArn");
        Set<String> drivers = containers.stream().map(TaskDefinitionRules::logDriver).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean awslogs = drivers.contains("awslogs");
        boolean ecr = containers.stream().anyMatch(TaskDefinitionRules::ecrImage);
        boolean healthCheck = containers.stream().anyMatch(c -> c.has("healthCheck"));
        List<String> secrets = containers.stream()
                .flatMap(c -> objects(c.path("secrets")).stream())
                .map(secret -> secret.path("valueFrom").asText(""))
                .toList();

        Set<String> attributes = new LinkedHashSet<>();
        drivers.forEach(driver -> attributes.add("com.amazonaws.ecs.capability.logging-driver." + driver));
        if (healthCheck) {
            attributes.add("com.amazonaws.ecs.capability.docker-remote-api.1.24");
        }
        if (awslogs && executionRole) {
            attributes.add("ecs.capability.execution-role-awslogs");
        }
        if (ecr) {
            attributes.add("com.amazonaws.ecs.capability.ecr-auth");
        }
        if (!drivers.isEmpty()) {
            attributes.add("com.amazonaws.ecs.capability.docker-remote-api.1.19");
        }
        if (secrets.stream().anyMatch(from -> from.contains(":secretsmanager:"))) {
            attributes.add("ecs.capability.secrets.asm.environment-variables");
        }
        if (secrets.stream().anyMatch(from -> !from.contains(":secretsmanager:"))) {
            attributes.add("ecs.capability.secrets.ssm.environment-variables");
        }
        if (containers.stream().anyMatch(c -> c.has("memoryReservation"))) {
            attributes.add("com.amazonaws.ecs.capability.docker-remote-api.1.21");
        }
        if (definition.has("taskRoleArn")) {
            attributes.add("com.amazonaws.ecs.capability.task-iam-role");
        }
        if (healthCheck) {
            attributes.add("ecs.capability.container-health-check");
        }
        if (containers.stream().anyMatch(c -> c.has("dependsOn") || c.has("startTimeout") || c.has("stopTimeout"))) {
            attributes.add("ecs.capability.container-ordering");
        }
        if (containers.stream().anyMatch(c -> c.has("environmentFiles"))) {
            attributes.add("ecs.capability.env-files.s3");
        }
        if (ecr && executionRole) {
            attributes.add("ecs.capability.execution-role-ecr-pull");
        }
        if (networkMode.equals("awsvpc")) {
            attributes.add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
            attributes.add("ecs.capability.task-eni");
        }
        if (containers.stream().anyMatch(c -> c.path("logConfiguration").path("options").has("awslogs-create-group"))) {
            attributes.add("com.amazonaws.ecs.capability.docker-remote-api.1.29");
        }
        return attributes;
    }

    /** Whether Fargate could run the task, whatever it requires: ECS then lists FARGATE among its compatibilities. */
    private static boolean fargateCompatible(ObjectNode definition, List<ObjectNode> containers, String networkMode,
            Optional<Integer> cpu, Optional<Integer> memory) {
        return networkMode.equals("awsvpc")
                && cpu.isPresent() && memory.isPresent()
                && FARGATE_SIZES.getOrDefault(cpu.get(), Set.of()).contains(memory.get())
                && !definition.has("ipcMode")
                && !definition.path("pidMode").asText("").equals("host")
                && containers.stream().noneMatch(c -> c.path("privileged").asBoolean(false) || c.has("links"))
                && containers.stream().map(TaskDefinitionRules::logDriver).flatMap(Optional::stream)
                        .allMatch(FARGATE_LOG_DRIVERS::contains)
                && objects(definition.path("volumes")).stream()
                        .noneMatch(v -> v.path("host").has("sourcePath") || v.has("dockerVolumeConfiguration"));
    }

    private static boolean ecrImage(ObjectNode container) {
        return ECR_IMAGE.matcher(container.path("image").asText("")).matches();
    }

    private static Optional<String> logDriver(ObjectNode container) {
        return text(container.path("logConfiguration"), "logDriver");
    }

    /** A member of a conformed node, which is textual wherever the model says string. */
    private static Optional<String> text(JsonNode node, String member) {
        return Optional.ofNullable(node.get(member)).map(JsonNode::textValue);
    }

    private static List<String> strings(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(JsonNode::textValue).toList();
    }

    /** The elements of a conformed list of structures; none for a missing node. */
    private static List<ObjectNode> objects(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(ObjectNode.class::cast).toList();
    }

    private static Set<Integer> steps(int from, int to, int step) {
        return IntStream.iterate(from, mib -> mib <= to, mib -> mib + step).boxed()
                .collect(Collectors.toUnmodifiableSet());
    }
}
