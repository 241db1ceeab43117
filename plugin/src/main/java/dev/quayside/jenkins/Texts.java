package dev.quayside.jenkins;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Display texts from {@code Messages.properties} beside this class. The real build also generates a
 * {@code Messages} class from that file (localizer); the plugin's Java code reads the bundle through
 * this helper instead, so that it compiles offline too. Keys are checked by the compile check's tests.
 */
public final class Texts {
    private static final String BUNDLE = "dev.quayside.jenkins.Messages";

    private Texts() {
    }

    /** The text for {@code key}, formatted with {@link MessageFormat} when arguments are given. */
    public static String get(String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), Texts.class.getClassLoader());
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
