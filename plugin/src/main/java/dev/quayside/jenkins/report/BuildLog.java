package dev.quayside.jenkins.report;

import dev.quayside.engine.aws.AwsSettings;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import hudson.console.HyperlinkNote;
import hudson.model.TaskListener;
import java.io.PrintStream;

/**
 * How engine events read in the build log: one line per event, as the engine wrote it (the
 * timestamper plugin adds times), debug events left out. Links are added on the controller only
 * (console notes are signed with the controller's key).
 */
public final class BuildLog {
    private BuildLog() {
    }

    /** A listener writing to the build log; usable on the agent (the listener is remoted). */
    public static ProgressListener to(TaskListener listener) {
        PrintStream out = listener.getLogger();
        return event -> print(out, event);
    }

    public static void print(TaskListener listener, Event event) {
        print(listener.getLogger(), event);
    }

    private static void print(PrintStream out, Event event) {
        if (event.level() != Event.Level.DEBUG) {
            out.println(event.message());
        }
    }

    /** Which region and credentials the agent uses (never the keys themselves). */
    public static void identity(TaskListener listener, AwsSettings settings) {
        listener.getLogger().println("AWS region " + settings.regionIfSet().map(r -> r.id()).orElse("(not set)")
                + ", credentials from " + settings.credentialsSource());
    }

    /** Controller only: {@code text} followed by a link. */
    public static void link(TaskListener listener, String text, String url, String linkText) {
        listener.getLogger().println(url == null ? text : text + " " + HyperlinkNote.encodeTo(url, linkText));
    }
}
