package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs ({@code Logs_20140328}): CreateLogGroup and DescribeLogGroups, log groups held in
 * memory. Log groups are kept per account but, unlike AWS, not per region; each ARN names the region
 * the group was created in.
 */
public final class LogsSimulator implements AwsService {

    public static final String TARGET_PREFIX = "Logs_20140328";

    private static final String NAME_PATTERN = "[\\.\\-_/#A-Za-z0-9]+";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern NAME_FRAGMENT = Pattern.compile("[\\.\\-_/#A-Za-z0-9]*");
    private static final int MAX_NAME_LENGTH = 512;
    private static final int MAX_KMS_KEY_ID_LENGTH = 256;
    private static final int MAX_TAGS = 50;
    private static final int MAX_LIMIT = 50;
    private static final List<String> CLASSES = List.of("STANDARD", "INFREQUENT_ACCESS", "DELIVERY");

    private final AwsContext context;
    /** By name, in the order DescribeLogGroups lists them. */
    private final Map<String, LogGroup> groups = new TreeMap<>();

    private record LogGroup(String name, String region, Instant createdAt, Optional<String> kmsKeyId,
            String logGroupClass) {

        String arn(String accountId) {
            return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + name;
        }
    }

    public LogsSimulator(AwsContext context) {
        this.context = context;
    }

    /** The names of all log groups, sorted. */
    public synchronized Set<String> logGroups() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(groups.keySet()));
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        return switch (request.operation()) {
            case "CreateLogGroup" -> createLogGroup(request);
            case "DescribeLogGroups" -> describeLogGroups(request);
            default -> throw AwsError.unknownOperation(TARGET_PREFIX + "." + request.operation());
        };
    }

    private ObjectNode createLogGroup(AwsRequest request) {
        String name = name(request.requiredString("logGroupName"), "logGroupName");
        Optional<String> kmsKeyId = request.optionalString("kmsKeyId");
        if (kmsKeyId.filter(key -> key.length() > MAX_KMS_KEY_ID_LENGTH).isPresent()) {
            throw AwsError.invalidParameter("kmsKeyId",
                    "Member must have length less than or equal to " + MAX_KMS_KEY_ID_LENGTH);
        }
        checkTags(request.member("tags"));
        String logGroupClass = logGroupClass(request).orElse("STANDARD");
        LogGroup created = new LogGroup(name, request.region(), context.clock().instant(), kmsKeyId, logGroupClass);
        synchronized (this) {
            if (groups.putIfAbsent(name, created) != null) {
                throw AwsError.client("ResourceAlreadyExistsException", "The specified log group already exists");
            }
        }
        return AwsJson.object();
    }

    private ObjectNode describeLogGroups(AwsRequest request) {
        Optional<String> prefix = request.optionalString("logGroupNamePrefix").map(p -> name(p, "logGroupNamePrefix"));
        Optional<String> pattern = request.optionalString("logGroupNamePattern");
        if (pattern.filter(p -> p.length() > MAX_NAME_LENGTH || !NAME_FRAGMENT.matcher(p).matches()).isPresent()) {
            throw AwsError.invalidParameter("logGroupNamePattern",
                    "Member must satisfy regular expression pattern: " + NAME_FRAGMENT.pattern());
        }
        if (prefix.isPresent() && pattern.isPresent()) {
            throw AwsError.client("InvalidParameterException",
                    "logGroupNamePrefix and logGroupNamePattern are mutually exclusive.");
        }
        Optional<String> logGroupClass = logGroupClass(request);
        int limit = request.optionalInt("limit").orElse(MAX_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AwsError.invalidParameter("limit", limit < 1 ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to " + MAX_LIMIT);
        }
        List<LogGroup> matching;
        synchronized (this) {
            // The pattern is a case-sensitive substring.
            matching = groups.values().stream()
                    .filter(group -> prefix.map(group.name()::startsWith).orElse(true))
                    .filter(group -> pattern.map(group.name()::contains).orElse(true))
                    .filter(group -> logGroupClass.map(group.logGroupClass()::equals).orElse(true))
                    .toList();
        }
        Pages.Page<LogGroup> page = Pages.page(matching, Optional.of(limit), request.optionalString("nextToken"));
        ObjectNode response = AwsJson.object();
        ArrayNode listed = response.putArray("logGroups");
        for (LogGroup group : page.items()) {
            String arn = group.arn(context.accountId());
            ObjectNode json = listed.addObject()
                    .put("logGroupName", group.name())
                    .put("creationTime", group.createdAt().toEpochMilli())
                    .put("metricFilterCount", 0)
                    .put("arn", arn + ":*")
                    .put("storedBytes", 0L);
            group.kmsKeyId().ifPresent(key -> json.put("kmsKeyId", key));
            json.put("logGroupClass", group.logGroupClass())
                    .put("logGroupArn", arn);
        }
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private static String name(String name, String parameter) {
        if (name.isEmpty()) {
            throw AwsError.invalidParameter(parameter, "Member must have length greater than or equal to 1");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw AwsError.invalidParameter(parameter,
                    "Member must have length less than or equal to " + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.invalidParameter(parameter,
                    "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
        return name;
    }

    /** CreateLogGroup's tags are a map of strings, unlike the tag lists of ECS and ECR. */
    private static void checkTags(JsonNode tags) {
        if (tags.isMissingNode()) {
            return;
        }
        if (!tags.isObject()) {
            throw AwsError.serialization("Expected a map for 'tags'");
        }
        if (tags.isEmpty() || tags.size() > MAX_TAGS) {
            throw AwsError.invalidParameter("tags", tags.isEmpty()
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_TAGS);
        }
        tags.fields().forEachRemaining(tag -> AwsRequest.string(tag.getValue(), "tags." + tag.getKey()));
    }

    private static Optional<String> logGroupClass(AwsRequest request) {
        Optional<String> logGroupClass = request.optionalString("logGroupClass");
        if (logGroupClass.filter(c -> !CLASSES.contains(c)).isPresent()) {
            throw AwsError.invalidParameter("logGroupClass", "Member must satisfy enum value set: " + CLASSES);
        }
        return logGroupClass;
    }
}
