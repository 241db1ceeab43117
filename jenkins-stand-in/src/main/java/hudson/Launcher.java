/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/Launcher.java
 * at commit ba900e9acf (2025-03-11), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Type only (SimpleBuildStep/SimpleBuildWrapper parameters); the real constructors are protected
 * Launcher(TaskListener, VirtualChannel) and Launcher(Launcher).
 */
package hudson;

public abstract class Launcher {
    private Launcher() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
