package dev.quayside.testing.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks ECR applies to a lifecycle policy document on PutLifecyclePolicy. */
final class LifecyclePolicies {

    static final int MIN_LENGTH = 100;
    static final int MAX_LENGTH = 30720;
    private static final List<String> TAG_STATUSES = List.of("tagged", "untagged", "any");
    private static final List<String> COUNT_TYPES = List.of("imageCountMoreThan", "sinceImagePushed");

    private LifecyclePolicies() {
    }

    /** @throws AwsError InvalidParameterException naming the first thing wrong */
    static void validate(String text) {
        if (text.length() < MIN_LENGTH) {
            throw AwsError.invalidParameter("lifecyclePolicyText",
                    "Member must have length greater than or equal to " + MIN_LENGTH);
        }
        if (text.length() > MAX_LENGTH) {
            throw AwsError.invalidParameter("lifecyclePolicyText",
                    "Member must have length less than or equal to " + MAX_LENGTH);
        }
        JsonNode policy;
        try {
            policy = AwsJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw failure("the policy is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode rules = policy.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw failure("'rules' must be a non-empty array");
        }
        Set<Integer> priorities = new HashSet<>();
        int highestPriority = 0;
        Integer anyPriority = null;
        for (int i = 0; i < rules.size(); i++) {
            String at = "rules[" + i + "]";
            JsonNode rule = rules.get(i);
            int priority = positiveInt(rule.path("rulePriority"), at + ".rulePriority");
            if (!priorities.add(priority)) {
                throw failure(at + ".rulePriority " + priority + " is used by more than one rule");
            }
            highestPriority = Math.max(highestPriority, priority);
            JsonNode selection = rule.path("selection");
            if (!selection.isObject()) {
                throw failure(at + ".selection is required");
            }
            String tagStatus = oneOf(selection.path("tagStatus"), at + ".selection.tagStatus", TAG_STATUSES);
            if (tagStatus.equals("tagged") && selection.path("tagPrefixList").isEmpty()
                    && selection.path("tagPatternList").isEmpty()) {
                throw failure(at + ".selection needs a non-empty tagPrefixList or tagPatternList when tagStatus is 'tagged'");
            }
            if (tagStatus.equals("any")) {
                if (anyPriority != null) {
                    throw failure("only one rule may have tagStatus 'any'");
                }
                anyPriority = priority;
            }
            String countType = oneOf(selection.path("countType"), at + ".selection.countType", COUNT_TYPES);
            positiveInt(selection.path("countNumber"), at + ".selection.countNumber");
            JsonNode countUnit = selection.path("countUnit");
            if (countType.equals("sinceImagePushed")) {
                oneOf(countUnit, at + ".selection.countUnit", List.of("days"));
            } else if (!countUnit.isMissingNode()) {
                throw failure(at + ".selection.countUnit is only allowed with countType 'sinceImagePushed'");
            }
            oneOf(rule.path("action").path("type"), at + ".action.type", List.of("expire"));
        }
        if (anyPriority != null && anyPriority != highestPriority) {
            throw failure("the rule with tagStatus 'any' must have the highest rulePriority");
        }
    }

    private static int positiveInt(JsonNode node, String at) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw failure(at + " must be a positive integer, was " + describe(node));
        }
        return node.intValue();
    }

    private static String oneOf(JsonNode node, String at, List<String> allowed) {
        if (!node.isTextual() || !allowed.contains(node.textValue())) {
            throw failure(at + " must be one of " + allowed + ", was " + describe(node));
        }
        return node.textValue();
    }

    private static String describe(JsonNode node) {
        return node.isMissingNode() ? "missing" : node.toString();
    }

    private static AwsError failure(String detail) {
        return AwsError.invalidParameter("LifecyclePolicyText", "Lifecycle policy validation failure: " + detail);
    }
}
