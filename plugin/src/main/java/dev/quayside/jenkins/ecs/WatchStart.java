package dev.quayside.jenkins.ecs;

import dev.quayside.engine.deploy.WatchState;
import java.io.Serializable;

/** After UpdateService: the watch's first state (our deployment's id) and the service's console page. */
final class WatchStart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WatchState state;
    private final String consoleUrl;

    WatchStart(WatchState state, String consoleUrl) {
        this.state = state;
        this.consoleUrl = consoleUrl;
    }

    WatchState state() {
        return state;
    }

    String consoleUrl() {
        return consoleUrl;
    }
}
