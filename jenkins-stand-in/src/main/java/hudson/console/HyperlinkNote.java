/*
 * COMPILE-ONLY STAND-IN: never packaged, never run. Only the members the quayside plugin uses.
 * Copied from jenkinsci/jenkins core/src/main/java/hudson/console/HyperlinkNote.java
 * at commit 7006cded64 (2024-09-03), read at ff9430ee1dc6e319349a488650d914444fe141f3 (2.579-SNAPSHOT; members used here are unchanged in 2.555.x).
 * The real class extends ConsoleNote (left out) and has a public constructor
 * HyperlinkNote(String, int).
 */
package hudson.console;

public class HyperlinkNote {
    private HyperlinkNote() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public static String encodeTo(String url, String text) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
