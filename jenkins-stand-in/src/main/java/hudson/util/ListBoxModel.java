/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/util/ListBoxModel.java
 * at commit be3d711d69 (2024-09-13), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * @ExportedBean and HttpResponse left out; Option's public constructors are not used by the
 * plugin (private here).
 */
package hudson.util;

import java.util.ArrayList;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static final class Option {
        private Option() {
            throw new UnsupportedOperationException("compile-only stand-in");
        }
    }
}
