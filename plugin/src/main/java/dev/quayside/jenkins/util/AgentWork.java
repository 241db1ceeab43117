package dev.quayside.jenkins.util;

import dev.quayside.engine.errors.QuaysideException;
import hudson.AbortException;
import hudson.remoting.ProxyException;
import java.io.IOException;

/**
 * Runs one engine call (on an agent, usually) and turns its failures into what crosses the channel:
 * the engine's expected failures into {@link AbortException} (Jenkins prints the message, what was
 * tried, what failed, what to do, without a stack trace), anything else into a {@link ProxyException},
 * which carries the message and stack trace of exception types the controller may not deserialize.
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
        } catch (RuntimeException e) {
            throw new ProxyException(e);
        }
    }
}
