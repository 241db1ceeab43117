package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch Logs ({@code Logs_20140328}): CreateLogGroup and DescribeLogGroups, and the reads over log
 * streams GetLogEvents, FilterLogEvents and DescribeLogStreams, held in memory. Log groups are kept per
 * account but, unlike AWS, not per region; each ARN names the region the group was created in.
 *
 * <p>Streams are written by the ECS simulator's tasks (containers with the {@code awslogs} driver) and by
 * tests with {@link #append}. Every read first lets the ECS simulator catch up with the clock, so the
 * lines of a task that started "meanwhile" are there.
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
    private static final List<String> ORDER_BY = List.of("LogStreamName", "LastEventTime");
    private static final int MAX_EVENTS_LIMIT = 10_000;
    private static final int MAX_STREAM_NAMES = 100;
    private static final int MAX_STREAMS_LIMIT = 50;
    private static final Pattern EVENTS_TOKEN = Pattern.compile("([fb])/(\\d{20})(\\d{36})");
    private static final String FILTER_TOKEN_PREFIX = "filter:";
    static final String NO_GROUP = "The specified log group does not exist.";
    static final String NO_STREAM = "The specified log stream does not exist.";

    private final AwsContext context;
    /** By name, in the order DescribeLogGroups lists them. */
    private final Map<String, LogGroup> groups = new TreeMap<>();
    /** Orders events of all streams; events of one instant keep the order they were written in. */
    private long sequence;
    private volatile Runnable beforeRead = () -> { };

    private record LogGroup(String name, String region, Instant createdAt, Optional<String> kmsKeyId,
            String logGroupClass, Map<String, LogStream> streams) {

        String arn(String accountId) {
            return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + name;
        }
    }

    private static final class LogStream {
        final String name;
        final Instant createdAt;
        /** By timestamp, then by sequence. */
        final List<Event> events = new ArrayList<>();
        long lastIngestionTime;

        LogStream(String name, Instant createdAt) {
            this.name = name;
            this.createdAt = createdAt;
        }

        void add(Event event) {
            int at = Collections.binarySearch(events, event, Event.ORDER);
            events.add(at < 0 ? -at - 1 : at, event);
            lastIngestionTime = Math.max(lastIngestionTime, event.ingestionTime());
        }
    }

    /** A log event; {@code sequence} makes it unique and orders events of one millisecond. */
    private record Event(long timestamp, long sequence, String message, long ingestionTime) {

        static final Comparator<Event> ORDER = Comparator.comparingLong(Event::timestamp).thenComparingLong(Event::sequence);

        /** The position right at this event, as a GetLogEvents token carries it. */
        Position position() {
            return new Position(timestamp, sequence);
        }

        /** The eventId FilterLogEvents reports: 56 digits, as CloudWatch Logs' are. */
        String id() {
            return String.format("%020d%036d", timestamp, sequence);
        }
    }

    /** A place between events: events after it have a greater (timestamp, sequence). */
    private record Position(long timestamp, long sequence) {

        static final Position START = new Position(0, 0);

        boolean before(Event event) {
            return event.timestamp() > timestamp || event.timestamp() == timestamp && event.sequence() > sequence;
        }

        boolean after(Event event) {
            return event.timestamp() < timestamp || event.timestamp() == timestamp && event.sequence() < sequence;
        }

        String token(char direction) {
            return direction + "/" + String.format("%020d%036d", timestamp, sequence);
        }
    }

    /** A log event as tests write and read it. */
    public record LogEvent(Instant timestamp, String message) {

        public LogEvent {
            Objects.requireNonNull(timestamp);
            Objects.requireNonNull(message);
        }
    }

    public LogsSimulator(AwsContext context) {
        this.context = context;
    }

    /** What every read does first: lets the ECS simulator write the lines its tasks logged by now. */
    void beforeRead(Runnable catchUp) {
        beforeRead = Objects.requireNonNull(catchUp);
    }

    /** The names of all log groups, sorted. */
    public Set<String> logGroups() {
        beforeRead.run();
        synchronized (this) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(groups.keySet()));
        }
    }

    /** The names of the group's streams, sorted; empty if there is no such group. */
    public Set<String> logStreams(String logGroup) {
        beforeRead.run();
        synchronized (this) {
            LogGroup group = groups.get(logGroup);
            return group == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(group.streams().keySet()));
        }
    }

    /** The stream's events, oldest first; empty if there is no such stream. */
    public List<LogEvent> events(String logGroup, String logStream) {
        beforeRead.run();
        synchronized (this) {
            LogGroup group = groups.get(logGroup);
            LogStream stream = group == null ? null : group.streams().get(logStream);
            return stream == null ? List.of() : stream.events.stream()
                    .map(e -> new LogEvent(Instant.ofEpochMilli(e.timestamp()), e.message())).toList();
        }
    }

    /** The messages of the stream's events, oldest first. */
    public List<String> messages(String logGroup, String logStream) {
        return events(logGroup, logStream).stream().map(LogEvent::message).toList();
    }

    /**
     * Appends events with the given timestamp to the stream, creating the group (in
     * {@value AwsSimulator#DEFAULT_REGION}) and the stream if they do not exist; ingested now.
     */
    public void append(String logGroup, String logStream, Instant timestamp, String... messages) {
        Instant now = context.clock().instant();
        append(logGroup, logStream, true, AwsSimulator.DEFAULT_REGION, timestamp, now.isAfter(timestamp) ? now : timestamp,
                List.of(messages));
    }

    /**
     * Appends events as a container's log driver does at {@code at} (their timestamp, ingestion time and,
     * if it is new, the stream's creation time), creating the group only if {@code createGroup}. False,
     * and nothing written, when the group does not exist and is not created.
     */
    boolean write(String logGroup, String logStream, boolean createGroup, String region, Instant at, List<String> messages) {
        return append(logGroup, logStream, createGroup, region, at, at, messages);
    }

    private synchronized boolean append(String logGroup, String logStream, boolean createGroup, String region,
            Instant timestamp, Instant ingestedAt, List<String> messages) {
        LogGroup group = groups.get(logGroup);
        if (group == null) {
            if (!createGroup) {
                return false;
            }
            group = new LogGroup(logGroup, region, ingestedAt, Optional.empty(), "STANDARD", new TreeMap<>());
            groups.put(logGroup, group);
        }
        LogStream stream = group.streams().computeIfAbsent(logStream, name -> new LogStream(name, ingestedAt));
        for (String message : messages) {
            stream.add(new Event(timestamp.toEpochMilli(), ++sequence, message, ingestedAt.toEpochMilli()));
        }
        return true;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        beforeRead.run();
        return switch (request.operation()) {
            case "CreateLogGroup" -> createLogGroup(request);
            case "DescribeLogGroups" -> describeLogGroups(request);
            case "DescribeLogStreams" -> describeLogStreams(request);
            case "GetLogEvents" -> getLogEvents(request);
            case "FilterLogEvents" -> filterLogEvents(request);
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
        LogGroup created = new LogGroup(name, request.region(), context.clock().instant(), kmsKeyId, logGroupClass,
                new TreeMap<>());
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

    // ---- streams and events

    /**
     * The group's streams by name (or by last event time), ascending unless {@code descending}, paged by
     * {@code limit} (1 to 50, 50 by default).
     */
    private ObjectNode describeLogStreams(AwsRequest request) {
        String groupName = groupName(request);
        Optional<String> prefix = request.optionalString("logStreamNamePrefix");
        String orderBy = request.optionalString("orderBy").orElse("LogStreamName");
        if (!ORDER_BY.contains(orderBy)) {
            throw AwsError.invalidParameter("orderBy", "Member must satisfy enum value set: " + ORDER_BY);
        }
        boolean descending = optionalBoolean(request, "descending").orElse(false);
        int limit = limit(request, MAX_STREAMS_LIMIT, MAX_STREAMS_LIMIT);
        if (orderBy.equals("LastEventTime") && prefix.isPresent()) {
            throw AwsError.client("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        ObjectNode response = AwsJson.object();
        synchronized (this) {
            LogGroup group = existingGroup(groupName);
            List<LogStream> streams = new ArrayList<>(group.streams().values().stream()
                    .filter(stream -> prefix.map(stream.name::startsWith).orElse(true)).toList());
            if (orderBy.equals("LastEventTime")) {
                // Streams without events first, as their last event time is unset.
                streams.sort(Comparator.comparingLong((LogStream stream) -> stream.events.isEmpty() ? 0
                        : stream.events.get(stream.events.size() - 1).timestamp()).thenComparing(stream -> stream.name));
            }
            if (descending) {
                Collections.reverse(streams);
            }
            Pages.Page<LogStream> page = Pages.page(streams, Optional.of(limit), request.optionalString("nextToken"));
            ArrayNode listed = response.putArray("logStreams");
            for (LogStream stream : page.items()) {
                ObjectNode json = listed.addObject()
                        .put("logStreamName", stream.name)
                        .put("creationTime", stream.createdAt.toEpochMilli());
                if (!stream.events.isEmpty()) {
                    json.put("firstEventTimestamp", stream.events.get(0).timestamp())
                            .put("lastEventTimestamp", stream.events.get(stream.events.size() - 1).timestamp())
                            .put("lastIngestionTime", stream.lastIngestionTime);
                }
                json.put("arn", group.arn(context.accountId()) + ":log-stream:" + stream.name)
                        .put("storedBytes", 0L);
            }
            page.nextToken().ifPresent(token -> response.put("nextToken", token));
        }
        return response;
    }

    /**
     * One stream's events from {@code startTime} (inclusive) to {@code endTime} (exclusive), oldest first:
     * the oldest {@code limit} of them with {@code startFromHead}, else the newest. The tokens are
     * positions between events: {@code nextForwardToken} reads on after the last event returned,
     * {@code nextBackwardToken} back before the first, and a page without events answers the token it
     * was asked with, as CloudWatch Logs does at either end.
     */
    private ObjectNode getLogEvents(AwsRequest request) {
        String groupName = groupName(request);
        String streamName = request.requiredString("logStreamName");
        Optional<Long> startTime = optionalLong(request, "startTime");
        Optional<Long> endTime = optionalLong(request, "endTime");
        int limit = limit(request, MAX_EVENTS_LIMIT, MAX_EVENTS_LIMIT);
        boolean fromHead = optionalBoolean(request, "startFromHead").orElse(false);
        Optional<String> token = request.optionalString("nextToken");
        Optional<Matcher> position = token.map(EVENTS_TOKEN::matcher);
        if (position.isPresent() && !position.get().matches()) {
            // Wording unverified.
            throw AwsError.client("InvalidParameterException", "The specified nextToken is invalid.");
        }
        List<Event> inRange;
        synchronized (this) {
            LogStream stream = existingStream(existingGroup(groupName), streamName);
            inRange = stream.events.stream()
                    .filter(e -> startTime.map(start -> e.timestamp() >= start).orElse(true))
                    .filter(e -> endTime.map(end -> e.timestamp() < end).orElse(true))
                    .toList();
        }
        List<Event> page;
        String forward;
        String backward;
        if (position.isPresent()) {
            boolean forwards = position.get().group(1).equals("f");
            Position from = new Position(Long.parseLong(position.get().group(2)), Long.parseLong(position.get().group(3)));
            if (forwards) {
                List<Event> after = inRange.stream().filter(from::before).toList();
                page = after.subList(0, Math.min(limit, after.size()));
            } else {
                List<Event> before = inRange.stream().filter(from::after).toList();
                page = before.subList(Math.max(0, before.size() - limit), before.size());
            }
            forward = page.isEmpty() ? from.token('f') : page.get(page.size() - 1).position().token('f');
            backward = page.isEmpty() ? from.token('b') : page.get(0).position().token('b');
            if (page.isEmpty()) {
                // The same token again: the caller has reached the end in that direction.
                if (forwards) {
                    forward = token.get();
                } else {
                    backward = token.get();
                }
            }
        } else {
            page = fromHead ? inRange.subList(0, Math.min(limit, inRange.size()))
                    : inRange.subList(Math.max(0, inRange.size() - limit), inRange.size());
            forward = (page.isEmpty() ? Position.START : page.get(page.size() - 1).position()).token('f');
            backward = (page.isEmpty() ? Position.START : page.get(0).position()).token('b');
        }
        ObjectNode response = AwsJson.object();
        ArrayNode events = response.putArray("events");
        for (Event event : page) {
            events.addObject()
                    .put("timestamp", event.timestamp())
                    .put("message", event.message())
                    .put("ingestionTime", event.ingestionTime());
        }
        return response.put("nextForwardToken", forward).put("nextBackwardToken", backward);
    }

    /**
     * The events of the group's streams (all, those named, or those with the prefix) from
     * {@code startTime} to {@code endTime} (both inclusive) that match {@code filterPattern}, oldest
     * first across streams, paged by {@code limit} (1 to 10000, 10000 by default). Filter patterns are
     * the term syntax: terms and quoted phrases that must all occur, {@code ?term}s of which one must, and
     * {@code -term}s that must not (case-sensitive); JSON and space-delimited patterns are not simulated.
     * Stream names that do not exist match nothing.
     */
    private ObjectNode filterLogEvents(AwsRequest request) {
        String groupName = groupName(request);
        boolean namesGiven = !request.member("logStreamNames").isMissingNode();
        List<String> names = request.stringList("logStreamNames");
        if (namesGiven && (names.isEmpty() || names.size() > MAX_STREAM_NAMES)) {
            throw AwsError.invalidParameter("logStreamNames", names.isEmpty()
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_STREAM_NAMES);
        }
        Optional<String> prefix = request.optionalString("logStreamNamePrefix");
        if (namesGiven && prefix.isPresent()) {
            // Wording unverified.
            throw AwsError.client("InvalidParameterException", "Cannot specify both logStreamNames and logStreamNamePrefix.");
        }
        Optional<Long> startTime = optionalLong(request, "startTime");
        Optional<Long> endTime = optionalLong(request, "endTime");
        FilterPattern pattern = FilterPattern.parse(request.optionalString("filterPattern").orElse(""));
        int limit = limit(request, MAX_EVENTS_LIMIT, MAX_EVENTS_LIMIT);
        int offset = request.optionalString("nextToken").map(LogsSimulator::filterOffset).orElse(0);
        record Found(String stream, Event event) {
        }
        List<Found> found = new ArrayList<>();
        synchronized (this) {
            LogGroup group = existingGroup(groupName);
            for (LogStream stream : group.streams().values()) {
                if (namesGiven && !names.contains(stream.name) || prefix.isPresent() && !stream.name.startsWith(prefix.get())) {
                    continue;
                }
                for (Event event : stream.events) {
                    if (startTime.map(start -> event.timestamp() >= start).orElse(true)
                            && endTime.map(end -> event.timestamp() <= end).orElse(true)
                            && pattern.matches(event.message())) {
                        found.add(new Found(stream.name, event));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Found::event, Event.ORDER));
        List<Found> page = found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit));
        ObjectNode response = AwsJson.object();
        ArrayNode events = response.putArray("events");
        for (Found hit : page) {
            events.addObject()
                    .put("logStreamName", hit.stream())
                    .put("timestamp", hit.event().timestamp())
                    .put("message", hit.event().message())
                    .put("ingestionTime", hit.event().ingestionTime())
                    .put("eventId", hit.event().id());
        }
        if (offset + page.size() < found.size()) {
            response.put("nextToken", Base64.getUrlEncoder()
                    .encodeToString((FILTER_TOKEN_PREFIX + (offset + page.size())).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    /** The term syntax of CloudWatch Logs filter patterns. */
    private record FilterPattern(List<String> all, List<String> any, List<String> none) {

        static FilterPattern parse(String pattern) {
            List<String> all = new ArrayList<>();
            List<String> any = new ArrayList<>();
            List<String> none = new ArrayList<>();
            Matcher terms = Pattern.compile("([?-]?)(\"[^\"]*\"|\\S+)").matcher(pattern.trim());
            while (terms.find()) {
                String term = terms.group(2);
                if (term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")) {
                    term = term.substring(1, term.length() - 1);
                }
                if (term.isEmpty()) {
                    continue;
                }
                (terms.group(1).equals("?") ? any : terms.group(1).equals("-") ? none : all).add(term);
            }
            return new FilterPattern(all, any, none);
        }

        boolean matches(String message) {
            return all.stream().allMatch(message::contains)
                    && (any.isEmpty() || any.stream().anyMatch(message::contains))
                    && none.stream().noneMatch(message::contains);
        }
    }

    private static int filterOffset(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(FILTER_TOKEN_PREFIX)) {
                int offset = Integer.parseInt(decoded.substring(FILTER_TOKEN_PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        // Wording unverified.
        throw AwsError.client("InvalidParameterException", "The specified nextToken is invalid.");
    }

    /**
     * The group that {@code logGroupName} or {@code logGroupIdentifier} (a name or an ARN, with or without
     * the trailing {@code :*}) names. Both at once is ValidationException, as CloudWatch Logs answers.
     */
    private static String groupName(AwsRequest request) {
        Optional<String> name = request.optionalString("logGroupName");
        Optional<String> identifier = request.optionalString("logGroupIdentifier");
        if (name.isPresent() && identifier.isPresent()) {
            throw AwsError.client("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }
        if (identifier.isPresent()) {
            String id = identifier.get();
            int at = id.indexOf(":log-group:");
            if (id.startsWith("arn:") && at > 0) {
                id = id.substring(at + ":log-group:".length());
                if (id.endsWith(":*")) {
                    id = id.substring(0, id.length() - 2);
                }
            }
            return id;
        }
        // Wording unverified.
        return name.orElseThrow(() -> AwsError.client("InvalidParameterException",
                "Either logGroupName or logGroupIdentifier must be specified."));
    }

    private LogGroup existingGroup(String name) {
        LogGroup group = groups.get(name);
        if (group == null) {
            throw AwsError.client("ResourceNotFoundException", NO_GROUP);
        }
        return group;
    }

    private static LogStream existingStream(LogGroup group, String name) {
        LogStream stream = group.streams().get(name);
        if (stream == null) {
            throw AwsError.client("ResourceNotFoundException", NO_STREAM);
        }
        return stream;
    }

    private static int limit(AwsRequest request, int max, int byDefault) {
        int limit = request.optionalInt("limit").orElse(byDefault);
        if (limit < 1 || limit > max) {
            throw AwsError.invalidParameter("limit", limit < 1 ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to " + max);
        }
        return limit;
    }

    private static Optional<Long> optionalLong(AwsRequest request, String name) {
        JsonNode node = request.member(name);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw AwsError.serialization("Expected a long for '" + name + "'");
        }
        if (node.longValue() < 0) {
            throw AwsError.invalidParameter(name, "Member must have value greater than or equal to 0");
        }
        return Optional.of(node.longValue());
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
