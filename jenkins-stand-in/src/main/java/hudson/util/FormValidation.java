/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/util/FormValidation.java
 * at commit e9344f326f (2026-04-17), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Supertype HttpResponse and the format/Throwable overloads left out.
 */
package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    private FormValidation() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
