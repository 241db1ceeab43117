package dev.quayside.engine.errors;

import java.util.Objects;

/**
 * The engine's one exception type. Its message always says what was tried, what failed and,
 * where we know it, what to do. It never carries a secret.
 */
public class QuaysideException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Failure failure;

    private QuaysideException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** "Tried to {tried} but failed because: {because}. {todo}" */
    public static QuaysideException of(Failure failure, String tried, String because, String todo) {
        return of(failure, tried, because, todo, null);
    }

    public static QuaysideException of(Failure failure, String tried, String because, String todo, Throwable cause) {
        StringBuilder message = new StringBuilder("Tried to ").append(tried).append(" but failed because: ").append(because);
        if (!because.endsWith(".")) {
            message.append('.');
        }
        if (todo != null && !todo.isBlank()) {
            message.append(' ').append(todo);
        }
        return new QuaysideException(failure, message.toString(), cause);
    }

    /** Bad input: names the field (or option) and what is wrong with it. */
    public static QuaysideException invalidInput(String field, String problem) {
        return new QuaysideException(Failure.INVALID_INPUT, field + ": " + problem, null);
    }

    public Failure failure() {
        return failure;
    }
}
