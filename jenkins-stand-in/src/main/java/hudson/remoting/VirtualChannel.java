/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/remoting src/main/java/hudson/remoting/VirtualChannel.java
 * at commit 3ea58fc6 (2024-06-18), read at fa5f12a8447d0f75e6d17d6b451a60c5e33ec09a (2026-04-24).
 * Type only (FileCallable.invoke's parameter).
 */
package hudson.remoting;

public interface VirtualChannel {
}
