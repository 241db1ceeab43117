package dev.quayside.jenkins.ecs;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * ecsDeploy, ecsWaitDeployment and ecsRunTask in Pipeline: an asynchronous execution that holds no
 * executor and no thread between calls, and hosts an {@link AgentWatch}, saved with the Pipeline and
 * resumed after a restart. Inside {@code node {}} the calls run on that agent; outside, on the
 * controller, which needs the step's credentialsId (the controller's own identity is never used).
 */
final class WatchExecution<R> extends StepExecution implements AgentWatch.Host<R> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(WatchExecution.class.getName());

    private final AgentWatch<R> watch;

    WatchExecution(StepContext context, AgentWatch<R> watch) {
        super(context);
        this.watch = watch;
    }

    @Override
    public boolean start() throws Exception {
        watch.start(this);
        return false;
    }

    @Override
    public void onResume() {
        try {
            watch.resume(this, listener());
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.WARNING, "cannot resume the watch", e);
            failed(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (watch.stop()) {
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        return watch.status();
    }

    /** A restart waits for a call under way (so that none is lost or repeated). */
    @Override
    public boolean blocksRestart() {
        return watch.inFlight();
    }

    @Override
    public Run<?, ?> run() throws IOException, InterruptedException {
        return getContext().get(Run.class);
    }

    @Override
    public TaskListener listener() throws IOException, InterruptedException {
        return getContext().get(TaskListener.class);
    }

    @Override
    public EnvVars environment() throws IOException, InterruptedException {
        return getContext().get(EnvVars.class);
    }

    @Override
    public FilePath workspace() throws IOException, InterruptedException {
        FilePath workspace = getContext().get(FilePath.class);
        if (workspace == null || workspace.getChannel() == null) {
            throw new IOException("the agent of the workspace is not connected");
        }
        return workspace;
    }

    @Override
    public void saveState() {
        getContext().saveState();
    }

    @Override
    public void finished(R result) {
        String failure = watch.failure(result);
        if (failure == null) {
            getContext().onSuccess(watch.stepResult(result));
        } else {
            getContext().onFailure(new AbortException(failure));
        }
    }

    @Override
    public void failed(Throwable cause) {
        getContext().onFailure(cause);
    }
}
