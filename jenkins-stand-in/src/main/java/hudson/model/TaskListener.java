/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/TaskListener.java
 * at commit 1b8789f0b9 (2022-09-04), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public interface TaskListener extends SerializableOnlyOverRemoting {
    @NonNull
    PrintStream getLogger();
}
