/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildWrapperDescriptor.java
 * at commit e27b310065, read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * isApplicable takes an instance, unlike BuildStepDescriptor.
 */
package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Descriptor;

public abstract class BuildWrapperDescriptor extends Descriptor<BuildWrapper> {
    protected BuildWrapperDescriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract boolean isApplicable(AbstractProject<?, ?> item);
}
