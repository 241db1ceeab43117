package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.PollOutcome;
import dev.quayside.jenkins.aws.AwsTarget;
import java.io.Serializable;

/** One poll's outcome, the region it asked, plus the service's console page on the first poll. */
final class PollReply implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PollOutcome outcome;
    private final String region;
    private final String consoleUrl;
    /** The role session the call assumed (sent back to the controller, which keeps it in memory only), or null. */
    private final AwsTarget session;

    PollReply(PollOutcome outcome, String region, String consoleUrl, AwsTarget session) {
        this.outcome = outcome;
        this.region = region;
        this.consoleUrl = consoleUrl;
        this.session = session;
    }

    PollOutcome outcome() {
        return outcome;
    }

    String region() {
        return region;
    }

    String consoleUrl() {
        return consoleUrl;
    }

    AwsTarget session() {
        return session;
    }
}
