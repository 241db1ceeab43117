/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/remoting src/main/java/org/jenkinsci/remoting/SerializableOnlyOverRemoting.java
 * at commit read at fa5f12a8447d0f75e6d17d6b451a60c5e33ec09a (2026-04-24).
 * Its one @Restricted default method is left out.
 */
package org.jenkinsci.remoting;

import java.io.Serializable;

public interface SerializableOnlyOverRemoting extends Serializable {
}
