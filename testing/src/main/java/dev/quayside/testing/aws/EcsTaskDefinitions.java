package dev.quayside.testing.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECS task definitions ({@code AmazonEC2ContainerServiceV20141113}, shared with
 * {@link EcsServices}): RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions and
 * DeregisterTaskDefinition.
 *
 * <p>Registration checks the request as ECS does ({@link TaskDefinitionRules}) and answers with what ECS
 * adds. Families are kept per account but, unlike AWS, not per region; each revision's ARN names the
 * region it was registered in.
 */
public final class EcsTaskDefinitions implements AwsService {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/([a-zA-Z0-9_-]{1,255})(?::([0-9]{1,9}))?");
    private static final Pattern FAMILY_REVISION = Pattern.compile("([a-zA-Z0-9_-]{1,255})(?::([0-9]{1,9}))?");
    private static final List<String> STATUSES = List.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS");
    private static final List<String> SORT_ORDERS = List.of("ASC", "DESC");
    private static final List<String> INCLUDES = List.of("TAGS");
    private static final int MAX_LIST_RESULTS = 100;

    private final AwsContext context;
    /** Each family's revisions, revision n at index n - 1; families in order of first registration. */
    private final Map<String, List<TaskDefinitionRevision>> families = new LinkedHashMap<>();
    private int registrations;

    /** A task definition reference: family, optional revision, and the full ARN if it was given as one. */
    private record Reference(String family, Optional<Integer> revision, Optional<String> arn) {
    }

    public EcsTaskDefinitions(AwsContext context) {
        this.context = context;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public Set<String> operations() {
        return Set.of("RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions", "DeregisterTaskDefinition");
    }

    /**
     * The task definition as DescribeTaskDefinition answers it, a copy; a bare family or an ARN without
     * revision means the family's latest ACTIVE revision.
     *
     * @param familyOrFamilyRevisionOrArn {@code family}, {@code family:revision} or a task definition ARN
     */
    public synchronized Optional<ObjectNode> resolve(String familyOrFamilyRevisionOrArn) {
        return reference(familyOrFamilyRevisionOrArn).flatMap(this::find).map(TaskDefinitionRevision::json);
    }

    /** The families registered so far, in order of their first registration. */
    public synchronized List<String> families() {
        return List.copyOf(families.keySet());
    }

    /** How many RegisterTaskDefinition calls succeeded. */
    public synchronized int registrationCount() {
        return registrations;
    }

    @Override
    public ObjectNode handle(AwsRequest request) {
        return switch (request.operation()) {
            case "RegisterTaskDefinition" -> register(request);
            case "DescribeTaskDefinition" -> describe(request);
            case "ListTaskDefinitions" -> list(request);
            case "DeregisterTaskDefinition" -> deregister(request);
            default -> throw AwsError.unknownOperation(TARGET_PREFIX + "." + request.operation());
        };
    }

    private ObjectNode register(AwsRequest request) {
        TaskDefinitionRules.Registration registration = TaskDefinitionRules.check(request.body());
        String registeredBy = "arn:aws:sts::" + context.accountId() + ":assumed-role/simulator/quayside";
        TaskDefinitionRevision registered;
        synchronized (this) {
            List<TaskDefinitionRevision> revisions =
                    families.computeIfAbsent(registration.family(), f -> new ArrayList<>());
            int revision = revisions.size() + 1;
            registered = new TaskDefinitionRevision(
                    "arn:aws:ecs:" + request.region() + ":" + context.accountId() + ":task-definition/"
                            + registration.family() + ":" + revision,
                    registration.family(), revision, registration.definition(), registration.tags(),
                    context.clock().instant(), registeredBy, Optional.empty());
            revisions.add(registered);
            registrations++;
        }
        ObjectNode response = AwsJson.object();
        response.set("taskDefinition", registered.json());
        response.set("tags", registered.tagsJson());
        return response;
    }

    private ObjectNode describe(AwsRequest request) {
        String id = request.requiredString("taskDefinition");
        List<String> include = request.stringList("include");
        for (String field : include) {
            if (!INCLUDES.contains(field)) {
                throw AwsError.invalidParameter("include", "Member must satisfy enum value set: " + INCLUDES);
            }
        }
        TaskDefinitionRevision found;
        synchronized (this) {
            found = reference(id).flatMap(this::find).orElseThrow(
                    () -> TaskDefinitionRules.clientException("Unable to describe task definition."));
        }
        ObjectNode response = AwsJson.object();
        response.set("taskDefinition", found.json());
        if (include.contains("TAGS")) {
            response.set("tags", found.tagsJson());
        }
        return response;
    }

    private ObjectNode list(AwsRequest request) {
        Optional<String> family = request.optionalString("familyPrefix");
        String status = enumValue(request.optionalString("status"), "status", STATUSES).orElse("ACTIVE");
        boolean descending =
                enumValue(request.optionalString("sort"), "sort", SORT_ORDERS).orElse("ASC").equals("DESC");
        Optional<Integer> maxResults = request.optionalInt("maxResults");
        if (maxResults.filter(max -> max > MAX_LIST_RESULTS).isPresent()) {
            throw AwsError.invalidParameter("maxResults",
                    "Member must have value less than or equal to " + MAX_LIST_RESULTS);
        }
        List<String> arns = new ArrayList<>();
        synchronized (this) {
            // familyPrefix is, despite its name, the full family name.
            families.entrySet().stream()
                    .filter(entry -> family.map(entry.getKey()::equals).orElse(true))
                    .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .flatMap(entry -> entry.getValue().stream())
                    .filter(revision -> revision.status().equals(status))
                    .map(TaskDefinitionRevision::arn)
                    .forEach(arns::add);
        }
        if (descending) {
            Collections.reverse(arns);
        }
        Pages.Page<String> page = Pages.page(arns, maxResults, request.optionalString("nextToken"));
        ObjectNode response = AwsJson.object();
        ArrayNode listed = response.putArray("taskDefinitionArns");
        page.items().forEach(listed::add);
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private ObjectNode deregister(AwsRequest request) {
        String id = request.requiredString("taskDefinition");
        Reference reference = reference(id).filter(r -> r.revision().isPresent()).orElseThrow(() ->
                TaskDefinitionRules.clientException(
                        "The specified task definition identifier is invalid. Specify a valid revision."));
        TaskDefinitionRevision deregistered;
        synchronized (this) {
            TaskDefinitionRevision found = find(reference).orElseThrow(
                    () -> TaskDefinitionRules.clientException("The specified task definition does not exist."));
            deregistered = found.deregister(context.clock().instant());
            families.get(found.family()).set(found.revision() - 1, deregistered);
        }
        ObjectNode response = AwsJson.object();
        response.set("taskDefinition", deregistered.json());
        return response;
    }

    /** Callers hold the lock. */
    private Optional<TaskDefinitionRevision> find(Reference reference) {
        List<TaskDefinitionRevision> revisions = families.getOrDefault(reference.family(), List.of());
        if (reference.revision().isEmpty()) {
            return revisions.stream().filter(TaskDefinitionRevision::active).reduce((older, newer) -> newer);
        }
        int revision = reference.revision().get();
        return revision < 1 || revision > revisions.size() ? Optional.empty()
                : Optional.of(revisions.get(revision - 1))
                        .filter(found -> reference.arn().map(found.arn()::equals).orElse(true));
    }

    private static Optional<Reference> reference(String id) {
        Matcher arn = ARN.matcher(id);
        if (arn.matches()) {
            return Optional.of(new Reference(arn.group(1), revision(arn.group(2)),
                    Optional.of(id).filter(given -> arn.group(2) != null)));
        }
        Matcher familyRevision = FAMILY_REVISION.matcher(id);
        if (!familyRevision.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Reference(familyRevision.group(1), revision(familyRevision.group(2)), Optional.empty()));
    }

    private static Optional<Integer> revision(String digits) {
        return Optional.ofNullable(digits).map(Integer::valueOf);
    }

    private static Optional<String> enumValue(Optional<String> value, String parameter, List<String> allowed) {
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw AwsError.invalidParameter(parameter, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }
}
