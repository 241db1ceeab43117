/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildWrapper.java
 * at commit 28d798faa8 (2025-03-20), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Since 2.505 it implements Describable directly (before: extends AbstractDescribableImpl).
 */
package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;

public abstract class BuildWrapper implements Describable<BuildWrapper>, ExtensionPoint {
    public BuildWrapper() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
