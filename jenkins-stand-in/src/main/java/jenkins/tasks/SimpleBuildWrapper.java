/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/tasks/SimpleBuildWrapper.java
 * at commit e27b310065, read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Both setUp and both tearDown overloads are concrete since 2.258; the workspace ones are used.
 * Context's real no-arg constructor is public and @Deprecated (use createContext(),
 * @Restricted(Beta)); private here.
 */
package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import java.io.IOException;
import java.io.Serializable;

public abstract class SimpleBuildWrapper extends BuildWrapper {
    public SimpleBuildWrapper() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener, EnvVars initialEnvironment)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final class Context {
        private Context() {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        public void env(String key, String value) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        public void setDisposer(@NonNull Disposer disposer) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }

    public abstract static class Disposer implements Serializable {
        private static final long serialVersionUID = 1L;

        public Disposer() {
            throw new UnsupportedOperationException("compile-only stand-in");
        }

        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener) throws IOException, InterruptedException {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
