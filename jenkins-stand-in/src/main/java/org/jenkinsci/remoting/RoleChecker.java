/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/remoting src/main/java/org/jenkinsci/remoting/RoleChecker.java
 * at commit read at fa5f12a8447d0f75e6d17d6b451a60c5e33ec09a (2026-04-24).
 * Type only (checkRoles' parameter).
 */
package org.jenkinsci.remoting;

public abstract class RoleChecker {
    public RoleChecker() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
