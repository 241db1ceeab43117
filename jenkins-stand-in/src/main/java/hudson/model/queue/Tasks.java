/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/queue/Tasks.java
 * at commit e27b310065, read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * getAuthenticationOf2 since 2.266 (Spring Security).
 */
package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Queue;
import org.springframework.security.core.Authentication;

public class Tasks {
    private Tasks() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static @NonNull Authentication getAuthenticationOf2(@NonNull Queue.Task t) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
