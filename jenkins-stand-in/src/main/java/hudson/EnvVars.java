/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/EnvVars.java
 * at commit 4a2f5f24b9 (2026-01-23), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson;

import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String expand(String s) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
