/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Action.java
 * at commit 14717a3636 (2026-05-05), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Supertype ModelObject and the menu default methods (2.556+) left out.
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

public interface Action {
    @CheckForNull
    String getIconFileName();

    @CheckForNull
    String getDisplayName();

    @CheckForNull
    String getUrlName();
}
