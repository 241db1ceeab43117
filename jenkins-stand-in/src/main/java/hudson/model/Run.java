/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Run.java
 * at commit 611294d365 (2026-03-23), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * save() as in core/src/main/java/hudson/model/Run.java at
 * 20dbd5b3df0c1bd6a774ea3b310a6ada48bb47ac (unchanged: Run implements Saveable). Interfaces
 * ExtensionPoint, Comparable, AccessControlled, PersistenceRoot, ... left out.
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    protected Run(@NonNull JobT job) throws IOException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
