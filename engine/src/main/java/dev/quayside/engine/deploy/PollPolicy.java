package dev.quayside.engine.deploy;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often to ask ECS: quickly while the deployment changes, a little slower while nothing does,
 * and backing off with jitter when AWS throttles. Immutable.
 */
public final class PollPolicy {
    /** Detects a verdict within about 2 s on median at no more than 20 DescribeServices calls a minute. */
    public static final PollPolicy DEFAULT = of(Duration.ofSeconds(3), Duration.ofMillis(3500), Duration.ofMillis(250), Duration.ofSeconds(60));

    private final Duration fast;
    private final Duration idle;
    private final Duration step;
    private final Duration maxBackoff;

    private PollPolicy(Duration fast, Duration idle, Duration step, Duration maxBackoff) {
        if (fast.isNegative() || fast.isZero() || idle.compareTo(fast) < 0) {
            throw new IllegalArgumentException("need 0 < fast <= idle");
        }
        this.fast = fast;
        this.idle = idle;
        this.step = step;
        this.maxBackoff = maxBackoff;
    }

    public static PollPolicy of(Duration fast, Duration idle, Duration step, Duration maxBackoff) {
        return new PollPolicy(fast, idle, step, maxBackoff);
    }

    Duration first() {
        return fast;
    }

    /** The wait after a poll that saw a change (or not). */
    Duration next(Duration previous, boolean changed) {
        if (changed) {
            return fast;
        }
        Duration longer = previous.plus(step);
        return longer.compareTo(idle) > 0 ? idle : longer;
    }

    /** The wait after a throttled poll: doubling from at least 5 s, capped, with jitter in [50%, 100%]. */
    Duration throttled(Duration previous, DoubleSupplier random) {
        Duration doubled = previous.multipliedBy(2);
        Duration floor = Duration.ofSeconds(5);
        Duration base = doubled.compareTo(floor) < 0 ? floor : doubled;
        Duration capped = base.compareTo(maxBackoff) > 0 ? maxBackoff : base;
        return Duration.ofMillis((long) (capped.toMillis() * (0.5 + random.getAsDouble() / 2)));
    }
}
