/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/InvisibleAction.java
 * at commit e27b310065 (2022-01-03), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson.model;

public abstract class InvisibleAction implements Action {
    public InvisibleAction() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public final String getIconFileName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public final String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
