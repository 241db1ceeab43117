package dev.quayside.engine.taskdef;

import dev.quayside.engine.errors.QuaysideException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a task definition, each with the path of its field, before failing once. */
final class Problems {
    private final String source;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void error(String path, String message) {
        errors.add(path + ": " + message);
    }

    void warning(String path, String message) {
        warnings.add(path + ": " + message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Fails with every error at once; nothing has been sent to AWS. */
    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.size() == 1) {
            throw QuaysideException.invalidInput(source, errors.get(0));
        }
        throw QuaysideException.invalidInput(source, errors.size() + " problems:\n  " + String.join("\n  ", errors));
    }
}
