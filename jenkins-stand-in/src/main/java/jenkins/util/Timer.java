/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/jenkins/util/Timer.java
 * at commit 46c0b4f9ee (2021-12-05), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;

public class Timer {
    private Timer() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
