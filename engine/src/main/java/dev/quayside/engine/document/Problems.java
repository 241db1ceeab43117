package dev.quayside.engine.document;

import dev.quayside.engine.errors.QuaysideException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a document (a task or service definition), each with the path of its field, before failing once. */
public final class Problems {
    private final String source;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public Problems(String source) {
        this.source = source;
    }

    public void error(String path, String message) {
        errors.add(path + ": " + message);
    }

    public void warning(String path, String message) {
        warnings.add(path + ": " + message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Fails with every error at once; nothing has been sent to AWS. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.size() == 1) {
            throw QuaysideException.invalidInput(source, errors.get(0));
        }
        throw QuaysideException.invalidInput(source, errors.size() + " problems:\n  " + String.join("\n  ", errors));
    }
}
