/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/FilePath.java
 * at commit f91bd73373 (2026-07-28), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 */
package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    public FilePath(@NonNull File localPath) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
