package dev.quayside.engine.deploy;

import dev.quayside.engine.events.ProgressListener;
import dev.quayside.engine.logs.TaskLogs;
import dev.quayside.engine.time.Scheduler;
import java.time.Clock;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Watches deployments to a verdict. One watcher (and its scheduler's few threads) serves any number
 * of concurrent watches; the watches of services in the same cluster share their DescribeServices
 * calls (up to 10 services a call, see {@link SharedPolls}).
 */
public final class DeploymentWatcher {
    private final EcsClient ecs;
    private final Scheduler scheduler;
    private final Clock clock;
    private final String region;
    private final TaskLogs taskLogs;
    private final SharedPolls polls;

    public DeploymentWatcher(EcsClient ecs, Scheduler scheduler, Clock clock, String region) {
        this(ecs, scheduler, clock, region, null);
    }

    /** With {@code taskLogs} (may be null), failures show the last log lines of the stopped tasks. */
    public DeploymentWatcher(EcsClient ecs, Scheduler scheduler, Clock clock, String region, TaskLogs taskLogs) {
        this.ecs = ecs;
        this.scheduler = scheduler;
        this.clock = clock;
        this.region = region;
        this.taskLogs = taskLogs;
        this.polls = new SharedPolls(ecs, scheduler, clock);
    }

    /**
     * Starts a watch. {@code checkpoint} receives the state after every poll (save it to resume after a
     * restart); the listener receives each new service event, summary and stopped task once.
     */
    public Watch watch(WatchRequest request, ProgressListener listener, Consumer<WatchState> checkpoint) {
        WatchState state = request.resumeFrom() != null ? request.resumeFrom()
                : WatchState.start(request.cluster(), request.service(), request.deploymentId(), clock.millis());
        if (request.logLines() != null) {
            state = state.withLogLines(request.logLines());
        }
        WatchLoop loop = new WatchLoop(new DeploymentPoller(ecs, clock, region, taskLogs), scheduler, polls, listener, state, request.timeout(),
                request.pollPolicy(), checkpoint);
        loop.start();
        return new Watch(loop);
    }

    /** The console page of a service's deployments. */
    public String consoleUrl(String cluster, String service) {
        return consoleUrl(region, cluster, service);
    }

    /** The console page of a service's deployments in a region. */
    public static String consoleUrl(String region, String cluster, String service) {
        return "https://" + region + ".console.aws.amazon.com/ecs/v2/clusters/" + cluster + "/services/" + service + "/deployments?region=" + region;
    }

    Clock clock() {
        return clock;
    }
}
