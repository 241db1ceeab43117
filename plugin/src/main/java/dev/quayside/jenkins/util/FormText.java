package dev.quayside.jenkins.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;

/**
 * The text forms of list and map parameters: Pipeline passes lists and maps, the web form (Snippet
 * Generator, freestyle) a text area with one entry per line. Also normalises what Groovy hands over
 * (GStrings, numbers) to strings.
 */
public final class FormText {
    private FormText() {
    }

    /** Words separated by commas, blanks or new lines. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String w : text.split("[,\\s]+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** Non-blank lines, trimmed. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    out.add(line.trim());
                }
            }
        }
        return out;
    }

    /** {@code KEY=VALUE} lines (the value may contain '=' and may be empty). */
    public static Map<String, String> pairs(String field, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(field + ": '" + line + "' is not KEY=VALUE");
            }
            out.put(line.substring(0, eq).trim(), line.substring(eq + 1));
        }
        return out;
    }

    /** {@code CONTAINER:NAME=VALUE} lines into container -> (name -> value). */
    public static Map<String, Map<String, String>> nestedPairs(String field, String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int colon = line.indexOf(':');
            int eq = line.indexOf('=');
            if (colon <= 0 || eq < colon + 2) {
                throw new IllegalArgumentException(field + ": '" + line + "' is not CONTAINER:NAME=VALUE");
            }
            out.computeIfAbsent(line.substring(0, colon).trim(), c -> new LinkedHashMap<>())
                    .put(line.substring(colon + 1, eq).trim(), line.substring(eq + 1));
        }
        return out;
    }

    /** A list from Groovy (any element type) as strings; null stays empty. */
    public static List<String> strings(Collection<?> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (Object v : values) {
                if (v != null && !String.valueOf(v).isBlank()) {
                    out.add(String.valueOf(v).trim());
                }
            }
        }
        return out;
    }

    /** A map from Groovy with string values (GStrings and numbers become strings). */
    public static Map<String, String> stringMap(Map<?, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    /** A map of maps from Groovy, e.g. {@code [app: [MODE: 'blue']]}. */
    public static Map<String, Map<String, String>> nestedStringMap(String field, Map<?, ?> values) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (values != null) {
            for (Map.Entry<?, ?> e : values.entrySet()) {
                if (!(e.getValue() instanceof Map)) {
                    throw new IllegalArgumentException(field + "." + e.getKey() + ": expected a map of NAME: value, got " + e.getValue());
                }
                out.put(String.valueOf(e.getKey()), stringMap((Map<?, ?>) e.getValue()));
            }
        }
        return out;
    }

    /** The text-area form of a list. */
    public static String joinLines(Collection<String> values) {
        return values == null ? "" : String.join("\n", values);
    }

    /** The text-area form of a map. */
    public static String joinPairs(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        if (values != null) {
            values.forEach((k, v) -> b.append(b.length() == 0 ? "" : "\n").append(k).append('=').append(v));
        }
        return b.toString();
    }

    /** The text-area form of a map of maps. */
    public static String joinNestedPairs(Map<String, Map<String, String>> values) {
        StringBuilder b = new StringBuilder();
        if (values != null) {
            values.forEach((c, vars) -> vars.forEach((k, v) -> b.append(b.length() == 0 ? "" : "\n").append(c).append(':').append(k).append('=').append(v)));
        }
        return b.toString();
    }

    /**
     * A copy of a submitted form without {@code fields} (read as text by the caller): the form itself is
     * left alone, since Jenkins may bind the same submission twice (a freestyle job's build wrappers are).
     */
    public static JSONObject without(JSONObject form, String... fields) {
        JSONObject copy = JSONObject.fromObject(form);
        for (String field : fields) {
            copy.discard(field);
        }
        return copy;
    }

    /** Null for blank, otherwise trimmed. */
    public static String fixEmpty(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
