/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractProject.java
 * at commit be3d711d69 (2024-09-13), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Type only (isApplicable parameters). The real constructor is protected
 * AbstractProject(ItemGroup, String).
 */
package hudson.model;

public abstract class AbstractProject<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Job<P, R> {
    protected AbstractProject() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
