/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/model/Descriptor.java
 * at commit b07805090b (2025-03-11), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * Supertypes Loadable, Saveable, OnMaster and FormException's HttpResponse are left out (the
 * plugin does not use them as such).
 */
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public T newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final class FormException extends Exception {
        private static final long serialVersionUID = 1L;

        public FormException(String message, Throwable cause, String formField) {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
