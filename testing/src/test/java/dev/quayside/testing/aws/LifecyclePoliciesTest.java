package dev.quayside.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecyclePoliciesTest {

    private static final String PREFIX = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint:"
            + " 'Lifecycle policy validation failure: ";

    private static ObjectNode fixture() {
        try {
            return (ObjectNode) Wire.JSON.readTree(EcrSimulatorTest.lifecyclePolicyFixture());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode rule(ObjectNode policy, int index) {
        return (ObjectNode) policy.get("rules").get(index);
    }

    private static ObjectNode selection(ObjectNode policy, int index) {
        return (ObjectNode) rule(policy, index).get("selection");
    }

    @Test
    void acceptsTheSeedFixture() {
        assertThatCode(() -> LifecyclePolicies.validate(EcrSimulatorTest.lifecyclePolicyFixture()))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsAnAnyRuleWithTheHighestPriority() {
        ObjectNode policy = fixture();
        selection(policy, 1).put("tagStatus", "any");
        assertThatCode(() -> LifecyclePolicies.validate(policy.toString())).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                // The padding keeps these above the 100-character minimum.
                invalid("rules missing", p -> p.put("padding", "x".repeat(100)).remove("rules"),
                        "'rules' must be a non-empty array"),
                invalid("rules empty", p -> p.put("padding", "x".repeat(100)).putArray("rules"),
                        "'rules' must be a non-empty array"),
                invalid("rule not an object", p -> p.put("padding", "x".repeat(100)).putArray("rules").add(1),
                        "rules[0].rulePriority must be a positive integer, was missing"),
                invalid("priority not an int", p -> rule(p, 0).put("rulePriority", "1"),
                        "rules[0].rulePriority must be a positive integer, was \"1\""),
                invalid("priority repeated", p -> rule(p, 1).put("rulePriority", 1),
                        "rules[1].rulePriority 1 is used by more than one rule"),
                invalid("selection missing", p -> rule(p, 0).remove("selection"), "rules[0].selection is required"),
                invalid("tag status unknown", p -> selection(p, 1).put("tagStatus", "TAGGED"),
                        "rules[1].selection.tagStatus must be one of [tagged, untagged, any], was \"TAGGED\""),
                invalid("tagged without prefixes", p -> selection(p, 0).remove("tagPrefixList"),
                        "rules[0].selection needs a non-empty tagPrefixList or tagPatternList when tagStatus is 'tagged'"),
                invalid("count type unknown", p -> selection(p, 0).put("countType", "imageCountLessThan"),
                        "rules[0].selection.countType must be one of [imageCountMoreThan, sinceImagePushed],"
                                + " was \"imageCountLessThan\""),
                invalid("count number missing", p -> selection(p, 0).remove("countNumber"),
                        "rules[0].selection.countNumber must be a positive integer, was missing"),
                invalid("count number zero", p -> selection(p, 1).put("countNumber", 0),
                        "rules[1].selection.countNumber must be a positive integer, was 0"),
                invalid("count unit missing", p -> selection(p, 1).remove("countUnit"),
                        "rules[1].selection.countUnit must be one of [days], was missing"),
                invalid("count unit with a count", p -> selection(p, 0).put("countUnit", "days"),
                        "rules[0].selection.countUnit is only allowed with countType 'sinceImagePushed'"),
                invalid("action missing", p -> rule(p, 1).remove("action"),
                        "rules[1].action.type must be one of [expire], was missing"),
                invalid("any not last", p -> selection(p, 0).put("tagStatus", "any"),
                        "the rule with tagStatus 'any' must have the highest rulePriority"));
    }

    private static Arguments invalid(String name, Consumer<ObjectNode> breakIt, String detail) {
        ObjectNode policy = fixture();
        breakIt.accept(policy);
        return Arguments.of(name, policy.toString(), detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void refusesPoliciesNamingWhatIsWrong(String name, String policy, String detail) {
        assertThatThrownBy(() -> LifecyclePolicies.validate(policy))
                .isInstanceOfSatisfying(AwsError.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterException"))
                .hasMessage(PREFIX + detail + "'");
    }

    @Test
    void refusesTextThatIsNotJson() {
        assertThatThrownBy(() -> LifecyclePolicies.validate("{" + "x".repeat(120)))
                .hasMessageStartingWith(PREFIX + "the policy is not valid JSON");
    }

    @Test
    void refusesTextsOutsideTheModelLengths() {
        assertThatThrownBy(() -> LifecyclePolicies.validate("{\"rules\":[]}")).hasMessage(
                "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint:"
                        + " 'Member must have length greater than or equal to 100'");
        assertThatThrownBy(() -> LifecyclePolicies.validate(" ".repeat(30721)))
                .hasMessageContaining("less than or equal to 30720");
    }
}
