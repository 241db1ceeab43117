package dev.quayside.engine.time;

import java.time.Duration;

/** Waiting, injected so that tests run retries and backoff on a virtual clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
