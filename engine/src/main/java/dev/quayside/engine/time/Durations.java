package dev.quayside.engine.time;

import dev.quayside.engine.errors.QuaysideException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them: 90s, 10m, 1h30m, or ISO-8601 (PT10M); a bare number is seconds.
 * Used by every front end, so a timeout reads the same in the CLI and in a Jenkinsfile.
 */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    public static Duration parse(String field, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
        } catch (RuntimeException e) {
            throw QuaysideException.invalidInput(field, "'" + value + "' is not a duration (e.g. 90s, 20m, 1h30m)");
        }
        Matcher m = HUMAN.matcher(v);
        if (v.isEmpty() || !m.matches()) {
            throw QuaysideException.invalidInput(field, "'" + value + "' is not a duration (e.g. 90s, 20m, 1h30m)");
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Duration.ofHours(h).plusMinutes(min).plusSeconds(s);
    }

    /** A duration as the logs show it: "45 s", "30 min 0 s". */
    public static String human(Duration d) {
        long s = d.getSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
