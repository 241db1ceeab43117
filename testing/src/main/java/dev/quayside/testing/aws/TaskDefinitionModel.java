package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RegisterTaskDefinition input of the ECS API model (2014-11-13, as botocore and the SDKs publish
 * it): every member and its JSON type.
 *
 * <p>{@link #conform} checks a node against a shape and answers a copy that holds only the members the
 * model knows, in model order, which is the order ECS answers in. Unknown members are dropped rather
 * than refused, as AWS front ends ignore them.
 */
final class TaskDefinitionModel {

    sealed interface Shape permits Scalar, EnumOf, ListOf, MapOf, Struct {
    }

    enum Scalar implements Shape {
        STRING, INTEGER, BOOLEAN
    }

    record EnumOf(List<String> values) implements Shape {
    }

    record ListOf(Shape member) implements Shape {
    }

    /** A map with string keys. */
    record MapOf(Shape value) implements Shape {
    }

    record Struct(Map<String, Shape> members) implements Shape {
    }

    private static final Scalar STRING = Scalar.STRING;
    private static final Scalar INTEGER = Scalar.INTEGER;
    private static final Scalar BOOLEAN = Scalar.BOOLEAN;

    private static final Shape REPOSITORY_CREDENTIALS = struct(
            "credentialsParameter", STRING);

    private static final Shape PORT_MAPPING = struct(
            "containerPort", INTEGER,
            "hostPort", INTEGER,
            "protocol", enumOf("tcp", "udp"),
            "name", STRING,
            "appProtocol", enumOf("http", "http2", "grpc"),
            "containerPortRange", STRING);

    private static final Shape CONTAINER_RESTART_POLICY = struct(
            "enabled", BOOLEAN,
            "ignoredExitCodes", list(INTEGER),
            "restartAttemptPeriod", INTEGER);

    private static final Shape KEY_VALUE_PAIR = struct(
            "name", STRING,
            "value", STRING);

    private static final Shape ENVIRONMENT_FILE = struct(
            "value", STRING,
            "type", enumOf("s3"));

    private static final Shape MOUNT_POINT = struct(
            "sourceVolume", STRING,
            "containerPath", STRING,
            "readOnly", BOOLEAN);

    private static final Shape VOLUME_FROM = struct(
            "sourceContainer", STRING,
            "readOnly", BOOLEAN);

    private static final Shape KERNEL_CAPABILITIES = struct(
            "add", list(STRING),
            "drop", list(STRING));

    private static final Shape DEVICE = struct(
            "hostPath", STRING,
            "containerPath", STRING,
            "permissions", list(enumOf("read", "write", "mknod")));

    private static final Shape TMPFS = struct(
            "containerPath", STRING,
            "size", INTEGER,
            "mountOptions", list(STRING));

    private static final Shape LINUX_PARAMETERS = struct(
            "capabilities", KERNEL_CAPABILITIES,
            "devices", list(DEVICE),
            "initProcessEnabled", BOOLEAN,
            "sharedMemorySize", INTEGER,
            "tmpfs", list(TMPFS),
            "maxSwap", INTEGER,
            "swappiness", INTEGER);

    private static final Shape SECRET = struct(
            "name", STRING,
            "valueFrom", STRING);

    private static final Shape CONTAINER_DEPENDENCY = struct(
            "containerName", STRING,
            "condition", enumOf("START", "COMPLETE", "SUCCESS", "HEALTHY"));

    private static final Shape HOST_ENTRY = struct(
            "hostname", STRING,
            "ipAddress", STRING);

    private static final Shape ULIMIT = struct(
            "name", enumOf("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
                    "rss", "rtprio", "rttime", "sigpending", "stack"),
            "softLimit", INTEGER,
            "hardLimit", INTEGER);

    private static final Shape LOG_CONFIGURATION = struct(
            "logDriver", enumOf("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk",
                    "awsfirelens"),
            "options", map(STRING),
            "secretOptions", list(SECRET));

    private static final Shape HEALTH_CHECK = struct(
            "command", list(STRING),
            "interval", INTEGER,
            "timeout", INTEGER,
            "retries", INTEGER,
            "startPeriod", INTEGER);

    private static final Shape SYSTEM_CONTROL = struct(
            "namespace", STRING,
            "value", STRING);

    private static final Shape RESOURCE_REQUIREMENT = struct(
            "value", STRING,
            "type", enumOf("GPU", "InferenceAccelerator"));

    private static final Shape FIRELENS_CONFIGURATION = struct(
            "type", enumOf("fluentd", "fluentbit"),
            "options", map(STRING));

    static final Struct CONTAINER_DEFINITION = struct(
            "name", STRING,
            "image", STRING,
            "repositoryCredentials", REPOSITORY_CREDENTIALS,
            "cpu", INTEGER,
            "memory", INTEGER,
            "memoryReservation", INTEGER,
            "links", list(STRING),
            "portMappings", list(PORT_MAPPING),
            "essential", BOOLEAN,
            "restartPolicy", CONTAINER_RESTART_POLICY,
            "entryPoint", list(STRING),
            "command", list(STRING),
            "environment", list(KEY_VALUE_PAIR),
            "environmentFiles", list(ENVIRONMENT_FILE),
            "mountPoints", list(MOUNT_POINT),
            "volumesFrom", list(VOLUME_FROM),
            "linuxParameters", LINUX_PARAMETERS,
            "secrets", list(SECRET),
            "dependsOn", list(CONTAINER_DEPENDENCY),
            "startTimeout", INTEGER,
            "stopTimeout", INTEGER,
            "versionConsistency", enumOf("enabled", "disabled"),
            "hostname", STRING,
            "user", STRING,
            "workingDirectory", STRING,
            "disableNetworking", BOOLEAN,
            "privileged", BOOLEAN,
            "readonlyRootFilesystem", BOOLEAN,
            "dnsServers", list(STRING),
            "dnsSearchDomains", list(STRING),
            "extraHosts", list(HOST_ENTRY),
            "dockerSecurityOptions", list(STRING),
            "interactive", BOOLEAN,
            "pseudoTerminal", BOOLEAN,
            "dockerLabels", map(STRING),
            "ulimits", list(ULIMIT),
            "logConfiguration", LOG_CONFIGURATION,
            "healthCheck", HEALTH_CHECK,
            "systemControls", list(SYSTEM_CONTROL),
            "resourceRequirements", list(RESOURCE_REQUIREMENT),
            "firelensConfiguration", FIRELENS_CONFIGURATION,
            "credentialSpecs", list(STRING));

    private static final Shape HOST_VOLUME_PROPERTIES = struct(
            "sourcePath", STRING);

    private static final Shape DOCKER_VOLUME_CONFIGURATION = struct(
            "scope", enumOf("task", "shared"),
            "autoprovision", BOOLEAN,
            "driver", STRING,
            "driverOpts", map(STRING),
            "labels", map(STRING));

    private static final Shape EFS_AUTHORIZATION_CONFIG = struct(
            "accessPointId", STRING,
            "iam", enumOf("ENABLED", "DISABLED"));

    private static final Shape EFS_VOLUME_CONFIGURATION = struct(
            "fileSystemId", STRING,
            "rootDirectory", STRING,
            "transitEncryption", enumOf("ENABLED", "DISABLED"),
            "transitEncryptionPort", INTEGER,
            "authorizationConfig", EFS_AUTHORIZATION_CONFIG);

    private static final Shape S3_FILES_VOLUME_CONFIGURATION = struct(
            "fileSystemArn", STRING,
            "rootDirectory", STRING,
            "transitEncryptionPort", INTEGER,
            "accessPointArn", STRING);

    private static final Shape FSX_WINDOWS_FILE_SERVER_AUTHORIZATION_CONFIG = struct(
            "credentialsParameter", STRING,
            "domain", STRING);

    private static final Shape FSX_WINDOWS_FILE_SERVER_VOLUME_CONFIGURATION = struct(
            "fileSystemId", STRING,
            "rootDirectory", STRING,
            "authorizationConfig", FSX_WINDOWS_FILE_SERVER_AUTHORIZATION_CONFIG);

    private static final Shape VOLUME = struct(
            "name", STRING,
            "host", HOST_VOLUME_PROPERTIES,
            "dockerVolumeConfiguration", DOCKER_VOLUME_CONFIGURATION,
            "efsVolumeConfiguration", EFS_VOLUME_CONFIGURATION,
            "s3filesVolumeConfiguration", S3_FILES_VOLUME_CONFIGURATION,
            "fsxWindowsFileServerVolumeConfiguration", FSX_WINDOWS_FILE_SERVER_VOLUME_CONFIGURATION,
            "configuredAtLaunch", BOOLEAN);

    private static final Shape TASK_DEFINITION_PLACEMENT_CONSTRAINT = struct(
            "type", enumOf("memberOf"),
            "expression", STRING);

    private static final Shape TAG = struct(
            "key", STRING,
            "value", STRING);

    private static final Shape PROXY_CONFIGURATION = struct(
            "type", enumOf("APPMESH"),
            "containerName", STRING,
            "properties", list(KEY_VALUE_PAIR));

    private static final Shape INFERENCE_ACCELERATOR = struct(
            "deviceName", STRING,
            "deviceType", STRING);

    private static final Shape EPHEMERAL_STORAGE = struct(
            "sizeInGiB", INTEGER);

    private static final Shape RUNTIME_PLATFORM = struct(
            "cpuArchitecture", enumOf("X86_64", "ARM64"),
            "operatingSystemFamily", enumOf("WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE",
                    "WINDOWS_SERVER_2016_FULL", "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE",
                    "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE", "WINDOWS_SERVER_2025_FULL",
                    "WINDOWS_SERVER_20H2_CORE", "LINUX"));

    static final Struct REQUEST = struct(
            "family", STRING,
            "taskRoleArn", STRING,
            "executionRoleArn", STRING,
            "networkMode", enumOf("bridge", "host", "awsvpc", "none"),
            "containerDefinitions", list(CONTAINER_DEFINITION),
            "volumes", list(VOLUME),
            "placementConstraints", list(TASK_DEFINITION_PLACEMENT_CONSTRAINT),
            "requiresCompatibilities", list(enumOf("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")),
            "cpu", STRING,
            "memory", STRING,
            "tags", list(TAG),
            "pidMode", enumOf("host", "task"),
            "ipcMode", enumOf("host", "task", "none"),
            "proxyConfiguration", PROXY_CONFIGURATION,
            "inferenceAccelerators", list(INFERENCE_ACCELERATOR),
            "ephemeralStorage", EPHEMERAL_STORAGE,
            "runtimePlatform", RUNTIME_PLATFORM,
            "enableFaultInjection", BOOLEAN);

    private TaskDefinitionModel() {
    }

    /**
     * The node checked against the shape, as a new tree of the model's members; a JSON null counts as
     * absent, so the caller sees null only for a null or missing node.
     *
     * @param path the member's name in error messages, for example {@code containerDefinitions.portMappings}
     * @throws AwsError {@code SerializationException} for a member of the wrong JSON type,
     *     {@code InvalidParameterException} for a value outside its enum
     */
    static JsonNode conform(Shape shape, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (shape instanceof Scalar scalar) {
            return scalar(scalar, node, path);
        }
        if (shape instanceof EnumOf enumOf) {
            if (!node.isTextual()) {
                throw AwsError.serialization("Expected a string for '" + path + "'");
            }
            if (!enumOf.values().contains(node.textValue())) {
                throw AwsError.invalidParameter(path, "Member must satisfy enum value set: " + enumOf.values());
            }
            return node.deepCopy();
        }
        if (shape instanceof ListOf list) {
            if (!node.isArray()) {
                throw AwsError.serialization("Expected a list for '" + path + "'");
            }
            ArrayNode copy = AwsJson.MAPPER.createArrayNode();
            for (JsonNode element : node) {
                JsonNode conformed = conform(list.member(), element, path);
                if (conformed != null) {
                    copy.add(conformed);
                }
            }
            return copy;
        }
        if (!node.isObject()) {
            throw AwsError.serialization("Expected a " + (shape instanceof MapOf ? "map" : "structure") + " for '"
                    + path + "'");
        }
        ObjectNode copy = AwsJson.object();
        if (shape instanceof MapOf map) {
            node.fields().forEachRemaining(entry -> {
                JsonNode conformed = conform(map.value(), entry.getValue(), path + "." + entry.getKey());
                if (conformed != null) {
                    copy.set(entry.getKey(), conformed);
                }
            });
        } else {
            ((Struct) shape).members().forEach((name, member) -> {
                JsonNode conformed = conform(member, node.get(name), path.isEmpty() ? name : path + "." + name);
                if (conformed != null) {
                    copy.set(name, conformed);
                }
            });
        }
        return copy;
    }

    private static JsonNode scalar(Scalar scalar, JsonNode node, String path) {
        boolean fits = switch (scalar) {
            case STRING -> node.isTextual();
            case INTEGER -> node.isNumber() && node.canConvertToExactIntegral() && node.canConvertToInt();
            case BOOLEAN -> node.isBoolean();
        };
        if (!fits) {
            throw AwsError.serialization("Expected " + switch (scalar) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case BOOLEAN -> "a boolean";
            } + " for '" + path + "'");
        }
        return scalar == INTEGER ? AwsJson.MAPPER.getNodeFactory().numberNode(node.intValue()) : node.deepCopy();
    }

    private static EnumOf enumOf(String... values) {
        return new EnumOf(List.of(values));
    }

    private static ListOf list(Shape member) {
        return new ListOf(member);
    }

    private static MapOf map(Shape value) {
        return new MapOf(value);
    }

    /** A structure from member names and shapes, alternating, in model order. */
    private static Struct struct(Object... namesAndShapes) {
        Map<String, Shape> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            members.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Struct(Collections.unmodifiableMap(members));
    }
}
