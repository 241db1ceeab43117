/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/tasks/Builder.java
 * at commit e27b310065, read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;

public abstract class Builder extends BuildStepCompatibilityLayer implements Describable<Builder>, ExtensionPoint {
    public Builder() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
