/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/EnvironmentContributingAction.java
 * at commit e27b310065 (2022-01-03), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;

public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
