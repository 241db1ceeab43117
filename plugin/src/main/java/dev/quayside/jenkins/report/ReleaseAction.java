package dev.quayside.jenkins.report;

import dev.quayside.jenkins.Messages;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;

/**
 * "Released with quayside" on the build page: every image pushed, task definition registered and
 * deployment watched by this run, in order, accumulated across its steps (summary.jelly).
 */
public final class ReleaseAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(ReleaseAction.class.getName());

    private final List<Entry> entries = new ArrayList<>();
    private transient Run<?, ?> run;

    /** One line of the summary. */
    public static final class Entry {
        private final String kind;
        private final String title;
        private final String detail;
        private final String url;

        Entry(String kind, String title, String detail, String url) {
            this.kind = kind;
            this.title = title;
            this.detail = detail;
            this.url = url;
        }

        public String getKind() {
            return kind;
        }

        public String getTitle() {
            return title;
        }

        public String getDetail() {
            return detail;
        }

        public String getUrl() {
            return url;
        }
    }

    /** The run's action, added on first use. */
    public static ReleaseAction of(Run<?, ?> run) {
        synchronized (run) {
            ReleaseAction action = run.getAction(ReleaseAction.class);
            if (action == null) {
                action = new ReleaseAction();
                run.addAction(action);
            }
            return action;
        }
    }

    public void image(String imageUri, String digest) {
        add(new Entry("image", imageUri, digest, null));
    }

    public void taskDefinition(String familyRevision, String arn) {
        add(new Entry("taskDefinition", familyRevision, arn, null));
    }

    public void deployment(String service, String verdict, String detail, String consoleUrl) {
        add(new Entry("deployment", service + ": " + verdict, detail, consoleUrl));
    }

    public void task(String title, String detail, String consoleUrl) {
        add(new Entry("task", title, detail, consoleUrl));
    }

    private void add(Entry entry) {
        synchronized (entries) {
            entries.add(entry);
        }
        Run<?, ?> r = run;
        if (r != null) {
            try {
                r.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save the release summary of " + r, e);
            }
        }
    }

    public List<Entry> getEntries() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.ReleaseAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
