package dev.quayside.engine.scan;

import dev.quayside.engine.errors.QuaysideException;
import java.util.Arrays;
import java.util.Locale;

/** ECR finding severities, lowest first; UNDEFINED ranks below all (it blocks only at that threshold). */
public enum Severity {
    UNDEFINED, INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** The severity {@code text} names (case-insensitive), or an invalid-input error naming {@code field}. */
    public static Severity parse(String field, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw QuaysideException.invalidInput(field, "'" + text + "' is not a severity (" + String.join(", ", Arrays.stream(values()).map(Enum::name).toList()) + ")");
        }
    }

    /** What ECR reports, UNDEFINED for anything else. */
    static Severity of(String reported) {
        try {
            return reported == null ? UNDEFINED : valueOf(reported);
        } catch (IllegalArgumentException e) {
            return UNDEFINED;
        }
    }
}
