/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/slaves/WorkspaceList.java
 * at commit 00c7c075a606a95f7458b6921d0b3ac83b8785c1.
 * tempDir since 1.652: the sibling directory <workspace>@tmp (may not exist yet). The real class
 * has a public no-arg constructor; private here.
 */
package hudson.slaves;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;

public final class WorkspaceList {
    private WorkspaceList() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @CheckForNull
    public static FilePath tempDir(FilePath ws) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
