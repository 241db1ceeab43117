/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/model/Jenkins.java
 * at commit 94f8f7e8a7 (2026-08-20), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * hasPermission comes from AccessControlled's default method, as in the real class. The real
 * constructor is protected Jenkins(File, ServletContext); private here. ADMINISTER is null here
 * (never run). Other supertypes left out.
 */
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;

public class Jenkins implements AccessControlled {
    private Jenkins() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final Permission ADMINISTER = null;
}
