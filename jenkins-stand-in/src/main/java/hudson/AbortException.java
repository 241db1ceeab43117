/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/AbortException.java
 * at commit e27b310065, read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson;

import java.io.IOException;

public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
