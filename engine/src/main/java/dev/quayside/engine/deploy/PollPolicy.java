package dev.quayside.engine.deploy;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often to ask ECS: one DescribeServices call per {@code average} on the whole (20 a minute by
 * default), spent where the verdicts come. What the last answer says ({@link Outlook}) sets the wait:
 * slow while nothing can end the rollout soon, fast while the next transition can be the verdict. The
 * time the slow polls save pays for the fast ones, so a watch is never ahead of its budget: after n
 * polls at least n times {@code average} has passed since the watch started. AWS throttling backs off
 * with jitter. Immutable.
 */
public final class PollPolicy {
    /** 20 calls a minute: 6 s apart while tasks are still to start, 3 s while the rollout goes on, 1 s (as long as the saved time lasts) when a verdict is near. */
    public static final PollPolicy DEFAULT = of(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(60));
    /**
     * Saved time is kept up to this many polls' worth: enough for the fast polls of one near phase,
     * while a long quiet phase buys no long burst of calls.
     */
    static final int MAX_SAVED_POLLS = 10;

    /** What one answer says about when the verdict can come. */
    enum Outlook {
        /** Nothing can end the rollout before ECS has started more tasks: poll slowly, saving calls. */
        QUIET,
        /** The rollout goes on: poll at the budget's pace. */
        ONGOING,
        /** One more failed task is the verdict, whenever one of ours fails: poll faster, spending the saved calls over a while. */
        NEAR,
        /** The verdict is ECS's next step: poll fastest, spending the saved calls. */
        DUE
    }

    private final Duration average;
    private final Duration due;
    private final Duration near;
    private final Duration quiet;
    private final Duration maxBackoff;

    private PollPolicy(Duration average, Duration due, Duration near, Duration quiet, Duration maxBackoff) {
        if (due.isNegative() || due.isZero() || near.compareTo(due) < 0 || average.compareTo(near) < 0 || quiet.compareTo(average) < 0) {
            throw new IllegalArgumentException("need 0 < due <= near <= average <= quiet");
        }
        this.average = average;
        this.due = due;
        this.near = near;
        this.quiet = quiet;
        this.maxBackoff = maxBackoff;
    }

    /**
     * One call per {@code average} on the whole; {@code due} apart when the verdict is ECS's next step,
     * {@code near} apart when one more failure is, {@code quiet} apart while nothing can end soon.
     */
    public static PollPolicy of(Duration average, Duration due, Duration near, Duration quiet, Duration maxBackoff) {
        return new PollPolicy(average, due, near, quiet, maxBackoff);
    }

    Duration first() {
        return average;
    }

    /**
     * Time saved after a poll {@code sinceLastMillis} after the previous one (or the start): each poll costs {@code average}.
     * One not {@code charged} (added for free to a call made for other watches) neither costs nor saves: the time since
     * was paid for by the others, so it buys no burst later.
     */
    long saved(long previousSavedMillis, long sinceLastMillis, boolean charged) {
        if (!charged) {
            return previousSavedMillis;
        }
        return Math.min(previousSavedMillis + sinceLastMillis - average.toMillis(), average.toMillis() * MAX_SAVED_POLLS);
    }

    /** The wait after a poll: the outlook's, but never sooner than the saved time pays for. */
    Duration next(Outlook outlook, long savedMillis) {
        Duration wanted = switch (outlook) {
            case QUIET -> quiet;
            case ONGOING -> average;
            case NEAR -> near;
            case DUE -> due;
        };
        Duration affordable = average.minusMillis(savedMillis);
        return wanted.compareTo(affordable) >= 0 ? wanted : affordable;
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
