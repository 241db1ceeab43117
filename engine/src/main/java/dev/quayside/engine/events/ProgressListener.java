package dev.quayside.engine.events;

/**
 * How the engine reports what it is doing. The engine never prints; front ends subscribe
 * (the CLI writes to stderr, Jenkins to the build log). Implementations must be thread-safe:
 * parallel uploads report from several threads.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = event -> { };

    void onEvent(Event event);

    /** Convenience for plain informational lines. */
    default void info(String message) {
        onEvent(Event.info(message));
    }
}
