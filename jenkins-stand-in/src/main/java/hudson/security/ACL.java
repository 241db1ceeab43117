/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/security/ACL.java
 * at commit ba22ac42b4 (2025-10-24), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * SYSTEM2 (Spring Security, since 2.266) is initialised with the system authentication in the
 * real class; null here (never run).
 */
package hudson.security;

import org.springframework.security.core.Authentication;

public abstract class ACL {
    public ACL() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final Authentication SYSTEM2 = null;
}
