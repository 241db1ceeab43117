/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/security/Permission.java
 * at commit ba900e9acf (2025-03-11), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Type only; the real public constructors need a PermissionGroup (not used by the plugin).
 */
package hudson.security;

public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
