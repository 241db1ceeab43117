/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/util/Secret.java
 * at commit 082634cf1e (2022-07-04), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Package-private constructor as in the real class; the deprecated toString() (which reveals the
 * value) is deliberately not declared.
 */
package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    Secret(String value) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static Secret fromString(@CheckForNull String data) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
