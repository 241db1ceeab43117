/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStep.java
 * at commit read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Its abstract methods (prebuild, perform(AbstractBuild, ...), getProjectAction(s)) are
 * implemented by BuildStepCompatibilityLayer in the real core; left out on both sides here.
 */
package hudson.tasks;

public interface BuildStep {
}
