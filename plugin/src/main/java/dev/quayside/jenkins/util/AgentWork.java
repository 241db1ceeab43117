package dev.quayside.jenkins.util;

import dev.quayside.engine.errors.QuaysideException;
import hudson.AbortException;
import java.io.IOException;

/**
 * Runs one engine call and turns the engine's expected failures into {@link AbortException}: Jenkins
 * then prints the message (what was tried, what failed, what to do) without a stack trace.
 */
public final class AgentWork {
    private AgentWork() {
    }

    /** Engine work that may also do I/O. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    public static <T> T run(Work<T> work) throws IOException, InterruptedException {
        try {
            return work.run();
        } catch (QuaysideException e) {
            throw new AbortException(e.getMessage());
        }
    }
}
