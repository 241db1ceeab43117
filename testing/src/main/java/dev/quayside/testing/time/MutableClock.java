package dev.quayside.testing.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that moves only when told: tests advance it (or let a virtual sleeper advance it) so that
 * rollouts, backoffs and timeouts run without real waiting. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final ZoneId zone;
    private volatile Instant now;

    private MutableClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start);
        this.zone = Objects.requireNonNull(zone);
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(start, ZoneOffset.UTC);
    }

    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        now = now.plus(duration);
    }

    public synchronized void set(Instant instant) {
        now = Objects.requireNonNull(instant);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        MutableClock parent = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return newZone;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return parent.withZone(z);
            }

            @Override
            public Instant instant() {
                return parent.instant();
            }
        };
    }
}
