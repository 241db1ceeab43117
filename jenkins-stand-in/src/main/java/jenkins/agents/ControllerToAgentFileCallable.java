/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/agents/ControllerToAgentFileCallable.java
 * at commit ca121359ec (2024-11-16), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package jenkins.agents;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

public interface ControllerToAgentFileCallable<T> extends FilePath.FileCallable<T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
