package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.PollOutcome;
import java.io.Serializable;

/** One poll's outcome, plus the service's console page on the first poll. */
final class PollReply implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PollOutcome outcome;
    private final String consoleUrl;

    PollReply(PollOutcome outcome, String consoleUrl) {
        this.outcome = outcome;
        this.consoleUrl = consoleUrl;
    }

    PollOutcome outcome() {
        return outcome;
    }

    String consoleUrl() {
        return consoleUrl;
    }
}
