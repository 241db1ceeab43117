/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStepDescriptor.java
 * at commit 4a2f5f24b9 (2026-01-23), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * isApplicable takes a raw AbstractProject class.
 */
package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Descriptor;

public abstract class BuildStepDescriptor<T extends BuildStep & Describable<T>> extends Descriptor<T> {
    protected BuildStepDescriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract boolean isApplicable(Class<? extends AbstractProject> jobType);
}
