package dev.quayside.engine.taskdef;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.quayside.engine.document.Documents;
import dev.quayside.engine.document.Problems;
import dev.quayside.engine.ecr.EcrHosts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * Checks a rendered task definition before anything is sent to AWS, naming the path of each bad field:
 * the shape (unknown fields at any depth, wrong types) through the SDK's own request model, then the
 * rules AWS enforces only later (or only when a task fails to start). Risky but legal choices are
 * warnings.
 */
public final class TaskDefinitionValidator {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final Pattern FAMILY = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+|ssm:[a-z0-9-]+:[0-9]{12}:parameter/.+)");
    private static final Pattern SSM_NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]{1,2048}");

    static {
        // "cpu": 256 (a number for a string field) is what YAML gives; a string for a number is refused.
        STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    }

    /** A request that passed every check, with the warnings found on the way. */
    public static final class Validated {
        private final RegisterTaskDefinitionRequest request;
        private final List<String> warnings;

        Validated(RegisterTaskDefinitionRequest request, List<String> warnings) {
            this.request = request;
            this.warnings = List.copyOf(warnings);
        }

        public RegisterTaskDefinitionRequest request() {
            return request;
        }

        public List<String> warnings() {
            return warnings;
        }
    }

    private TaskDefinitionValidator() {
    }

    public static Validated validate(TaskDefinitionDocument document) {
        Problems problems = new Problems(document.source());
        RegisterTaskDefinitionRequest request = bind(document, problems);
        problems.throwIfAny();
        check(request, problems);
        problems.throwIfAny();
        return new Validated(request, problems.warnings());
    }

    private static RegisterTaskDefinitionRequest bind(TaskDefinitionDocument document, Problems problems) {
        return Documents.bind(STRICT, document.json(), RegisterTaskDefinitionRequest.serializableBuilderClass(), problems,
                "read-only fields of describe-task-definition are removed; this one is not a task definition field");
    }

    private static void check(RegisterTaskDefinitionRequest r, Problems p) {
        if (r.family() == null || r.family().isEmpty()) {
            p.error("family", "is required");
        } else if (!FAMILY.matcher(r.family()).matches()) {
            p.error("family", "'" + r.family() + "' may only contain letters, digits, '-' and '_' (up to 255)");
        }
        checkRole(p, "executionRoleArn", r.executionRoleArn());
        checkRole(p, "taskRoleArn", r.taskRoleArn());
        boolean fargate = r.requiresCompatibilitiesAsStrings().contains("FARGATE");
        boolean awsvpc = "awsvpc".equals(r.networkModeAsString());
        OptionalInt cpu = size(p, "cpu", r.cpu(), true);
        OptionalInt memory = size(p, "memory", r.memory(), false);
        if (fargate) {
            if (!awsvpc) {
                p.error("networkMode", "Fargate requires \"awsvpc\"" + (r.networkModeAsString() == null ? " (it is not set)" : ", not \"" + r.networkModeAsString() + "\""));
            }
            if (r.cpu() == null) {
                p.error("cpu", "Fargate requires task-level cpu (e.g. \"256\" or \"1 vCPU\")");
            }
            if (r.memory() == null) {
                p.error("memory", "Fargate requires task-level memory (e.g. \"512\" or \"2GB\")");
            }
            if (cpu.isPresent() && !FargateSizes.validCpu(cpu.getAsInt())) {
                p.error("cpu", cpu.getAsInt() + " CPU units is not a Fargate size (256, 512, 1024, 2048, 4096, 8192, 16384)");
            } else if (cpu.isPresent() && memory.isPresent() && !FargateSizes.validPair(cpu.getAsInt(), memory.getAsInt())) {
                p.error("memory", memory.getAsInt() + " MiB is not offered with " + cpu.getAsInt() + " CPU on Fargate (with that cpu: " + FargateSizes.memoryRange(cpu.getAsInt()) + " MiB)");
            }
        }
        List<ContainerDefinition> containers = r.containerDefinitions();
        if (containers.isEmpty()) {
            p.error("containerDefinitions", "at least one container is required");
            return;
        }
        Set<String> names = new HashSet<>();
        boolean anyEssential = false;
        // Why an execution role is needed (Fargate pulls from ECR, awslogs; secrets anywhere), or only advised (EC2).
        String requiredBecause = null;
        String advisedBecause = null;
        int reserved = 0;
        int containerCpu = 0;
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition c = containers.get(i);
            String at = "containerDefinitions[" + i + "]";
            if (c.name() == null || c.name().isEmpty()) {
                p.error(at + ".name", "is required");
            } else if (!FAMILY.matcher(c.name()).matches()) {
                p.error(at + ".name", "'" + c.name() + "' may only contain letters, digits, '-' and '_' (up to 255)");
            } else if (!names.add(c.name())) {
                p.error(at + ".name", "'" + c.name() + "' is used by another container; names must be unique");
            }
            if (c.image() == null || c.image().isBlank()) {
                p.error(at + ".image", "is required");
            } else {
                if (isEcr(c.image())) {
                    String why = at + ".image is in ECR";
                    requiredBecause = fargate && requiredBecause == null ? why : requiredBecause;
                    advisedBecause = advisedBecause == null ? why : advisedBecause;
                }
                checkTag(p, at + ".image", c.image());
            }
            anyEssential |= c.essential() == null || c.essential();
            if (c.memory() != null && c.memory() < 6) {
                p.error(at + ".memory", "must be at least 6 MiB");
            }
            if (memory.isPresent() && c.memory() != null && c.memory() > memory.getAsInt()) {
                p.error(at + ".memory", c.memory() + " MiB is more than the task's " + memory.getAsInt() + " MiB");
            }
            if (c.memoryReservation() != null && c.memory() != null && c.memoryReservation() > c.memory()) {
                p.error(at + ".memoryReservation", "must not exceed the container's memory (" + c.memory() + " MiB)");
            }
            reserved += c.memoryReservation() != null ? c.memoryReservation() : c.memory() != null ? c.memory() : 0;
            containerCpu += c.cpu() == null ? 0 : c.cpu();
            if (!fargate && memory.isEmpty() && c.memory() == null && c.memoryReservation() == null) {
                p.error(at + ".memory", "a container needs memory or memoryReservation when the task sets no memory");
            }
            checkPorts(p, at, c, awsvpc);
            checkHealthCheck(p, at + ".healthCheck", c.healthCheck());
            checkEnvironment(p, at, c.environment());
            if (c.logConfiguration() != null && "awslogs".equals(c.logConfiguration().logDriverAsString())) {
                String why = at + ".logConfiguration uses awslogs";
                requiredBecause = fargate && requiredBecause == null ? why : requiredBecause;
                advisedBecause = advisedBecause == null ? why : advisedBecause;
                if (!c.logConfiguration().options().containsKey("awslogs-group")) {
                    p.error(at + ".logConfiguration.options", "awslogs needs \"awslogs-group\"");
                }
            }
            for (int s = 0; s < c.secrets().size(); s++) {
                Secret secret = c.secrets().get(s);
                requiredBecause = requiredBecause == null ? at + ".secrets are used" : requiredBecause;
                String v = secret.valueFrom();
                String sp = at + ".secrets[" + s + "].valueFrom";
                if (v == null || v.isEmpty()) {
                    p.error(sp, "is required");
                } else if (v.startsWith("arn:") ? !SECRET_ARN.matcher(v).matches() : !SSM_NAME.matcher(v).matches()) {
                    p.error(sp, "'" + v + "' is not a Secrets Manager secret ARN, an SSM parameter ARN or an SSM parameter name");
                }
            }
            if (c.repositoryCredentials() != null) {
                requiredBecause = requiredBecause == null ? at + ".repositoryCredentials are used" : requiredBecause;
                String v = c.repositoryCredentials().credentialsParameter();
                if (v == null || !SECRET_ARN.matcher(v).matches()) {
                    p.error(at + ".repositoryCredentials.credentialsParameter", "'" + v + "' is not a Secrets Manager secret ARN");
                }
            }
        }
        if (!anyEssential) {
            p.error("containerDefinitions", "at least one container must be essential (\"essential\": true)");
        }
        if (memory.isPresent() && reserved > memory.getAsInt()) {
            p.error("containerDefinitions", "the containers reserve " + reserved + " MiB, more than the task's " + memory.getAsInt() + " MiB");
        }
        if (cpu.isPresent() && containerCpu > cpu.getAsInt()) {
            p.error("containerDefinitions", "the containers reserve " + containerCpu + " CPU units, more than the task's " + cpu.getAsInt());
        }
        if (r.executionRoleArn() == null) {
            if (requiredBecause != null) {
                p.error("executionRoleArn", "is required because " + requiredBecause + " (tasks would fail to start)");
            } else if (advisedBecause != null) {
                p.warning("executionRoleArn", "not set although " + advisedBecause + "; on EC2 the instance role must then allow it");
            }
        }
    }

    private static OptionalInt size(Problems p, String field, String value, boolean cpu) {
        if (value == null) {
            return OptionalInt.empty();
        }
        OptionalInt parsed = cpu ? FargateSizes.cpuUnits(value) : FargateSizes.memoryMiB(value);
        if (parsed.isEmpty()) {
            p.error(field, "'" + value + "' is not a " + (cpu ? "cpu value (e.g. \"256\", \"1 vCPU\")" : "memory value (e.g. \"512\", \"2GB\")"));
        }
        return parsed;
    }

    private static void checkRole(Problems p, String field, String arn) {
        if (arn != null && !ROLE_ARN.matcher(arn).matches()) {
            p.error(field, "'" + arn + "' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)");
        }
    }

    private static boolean isEcr(String image) {
        int slash = image.indexOf('/');
        return slash > 0 && EcrHosts.parse(image.substring(0, slash)).isPresent();
    }

    private static void checkTag(Problems p, String field, String image) {
        if (image.contains("@sha256:")) {
            return;
        }
        String repository = TaskDefinitionRenderer.repositoryOf(image);
        String tag = repository.length() < image.length() ? image.substring(repository.length() + 1) : null;
        if (tag == null) {
            p.warning(field, "'" + image + "' has no tag, so it means :latest; a release should pin a tag or digest");
        } else if (tag.equals("latest")) {
            p.warning(field, "'" + image + "' uses :latest; a release should pin a tag or digest so a rollback runs the old image");
        }
    }

    private static void checkPorts(Problems p, String at, ContainerDefinition c, boolean awsvpc) {
        for (int j = 0; j < c.portMappings().size(); j++) {
            PortMapping m = c.portMappings().get(j);
            String pp = at + ".portMappings[" + j + "]";
            if (m.containerPort() != null && (m.containerPort() < 1 || m.containerPort() > 65535)) {
                p.error(pp + ".containerPort", "must be 1..65535, is " + m.containerPort());
            }
            if (m.hostPort() != null) {
                if (m.hostPort() < 0 || m.hostPort() > 65535) {
                    p.error(pp + ".hostPort", "must be 1..65535 (or 0 for a dynamic port on bridge networking), is " + m.hostPort());
                } else if (awsvpc && m.containerPort() != null && !m.hostPort().equals(m.containerPort())) {
                    p.error(pp + ".hostPort", "must equal containerPort (" + m.containerPort() + ") with awsvpc networking, is " + m.hostPort());
                }
            }
            if (m.containerPort() == null && m.containerPortRange() == null) {
                p.error(pp + ".containerPort", "is required");
            }
        }
    }

    private static void checkHealthCheck(Problems p, String at, HealthCheck h) {
        if (h == null) {
            return;
        }
        if (h.command().isEmpty() || !List.of("CMD", "CMD-SHELL", "NONE").contains(h.command().get(0))) {
            p.error(at + ".command", "must start with \"CMD\", \"CMD-SHELL\" or \"NONE\"");
        }
        range(p, at + ".interval", h.interval(), 5, 300);
        range(p, at + ".timeout", h.timeout(), 2, 120);
        range(p, at + ".retries", h.retries(), 1, 10);
        range(p, at + ".startPeriod", h.startPeriod(), 0, 300);
        if (h.interval() != null && h.timeout() != null && h.timeout() >= h.interval()) {
            p.warning(at + ".timeout", "is not shorter than the interval; checks may overlap");
        }
    }

    private static void range(Problems p, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            p.error(field, "must be " + min + ".." + max + ", is " + value);
        }
    }

    private static void checkEnvironment(Problems p, String at, List<KeyValuePair> environment) {
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < environment.size(); k++) {
            String name = environment.get(k).name();
            if (name == null || name.isEmpty()) {
                p.error(at + ".environment[" + k + "].name", "is required");
            } else if (seen.put(name, k) != null) {
                p.warning(at + ".environment[" + k + "].name", "'" + name + "' is set twice; the last one wins");
            }
        }
    }
}
