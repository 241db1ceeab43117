/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Item.java
 * at commit 0673bc698e (2025-08-08), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * The real constant is initialised from a PermissionGroup; null here (never run). Supertypes
 * other than AccessControlled left out.
 */
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    Permission EXTENDED_READ = null;
}
