/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Actionable.java
 * at commit 611294d365 (2026-03-23), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Supertypes AbstractModelObject, ModelObjectWithContextMenu left out.
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Actionable {
    public Actionable() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
