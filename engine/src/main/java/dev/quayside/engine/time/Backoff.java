package dev.quayside.engine.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/** Exponential backoff with full jitter, capped; immutable. */
public final class Backoff {
    private final int maxAttempts;
    private final Duration initial;
    private final Duration max;

    private Backoff(int maxAttempts, Duration initial, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.initial = Objects.requireNonNull(initial);
        this.max = Objects.requireNonNull(max);
    }

    public static Backoff of(int maxAttempts, Duration initial, Duration max) {
        return new Backoff(maxAttempts, initial, max);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before attempt {@code attempt + 1}, with jitter in [50%, 100%] of the exponential step. */
    public Duration delayAfter(int attempt, DoubleSupplier random) {
        long base = initial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2)));
    }
}
