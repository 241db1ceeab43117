/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/tasks/SimpleBuildStep.java
 * at commit 632033d6ad (2021-09-18), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * The EnvVars overload is the current one (since 2.241); the deprecated 4-argument and the
 * workspace-less overloads are left out.
 */
package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;

public interface SimpleBuildStep extends BuildStep {
    default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env, @NonNull Launcher launcher,
                         @NonNull TaskListener listener) throws InterruptedException, IOException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
