/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/remoting src/main/java/org/jenkinsci/remoting/RoleSensitive.java
 * at commit 42201e37 (2024-06-18), read at fa5f12a8447d0f75e6d17d6b451a60c5e33ec09a (2026-04-24).
 */
package org.jenkinsci.remoting;

public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
