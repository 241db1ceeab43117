package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.WatchState;
import dev.quayside.jenkins.aws.AwsTarget;
import java.io.Serializable;

/** After UpdateService: the watch's first state (our deployment's id) and the service's console page. */
final class WatchStart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WatchState state;
    private final String consoleUrl;
    /** The role session the call assumed (sent back to the controller, which keeps it in memory only), or null. */
    private final AwsTarget session;

    WatchStart(WatchState state, String consoleUrl, AwsTarget session) {
        this.state = state;
        this.consoleUrl = consoleUrl;
        this.session = session;
    }

    WatchState state() {
        return state;
    }

    String consoleUrl() {
        return consoleUrl;
    }

    AwsTarget session() {
        return session;
    }
}
