/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/MasterToSlaveFileCallable.java
 * at commit abef2ccd40 (2024-11-09), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Since 2.485 it implements ControllerToAgentFileCallable, which supplies checkRoles as a default
 * method.
 */
package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;

    public MasterToSlaveFileCallable() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
