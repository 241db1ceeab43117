package dev.quayside.jenkins.report;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.Map;
import java.util.TreeMap;

/**
 * Freestyle builds: the results of the quayside build steps (ECR_IMAGE_URI, ECS_TASK_DEFINITION_ARN,
 * ECS_DEPLOYMENT_VERDICT, ...) as environment variables for the steps that follow.
 */
public final class ReleaseEnvironmentAction extends InvisibleAction implements EnvironmentContributingAction {
    private final Map<String, String> variables = new TreeMap<>();

    public static void export(Run<?, ?> run, Map<String, String> values) {
        synchronized (run) {
            ReleaseEnvironmentAction action = run.getAction(ReleaseEnvironmentAction.class);
            if (action == null) {
                action = new ReleaseEnvironmentAction();
                run.addAction(action);
            }
            synchronized (action.variables) {
                action.variables.putAll(values);
            }
        }
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        synchronized (variables) {
            env.putAll(variables);
        }
    }
}
