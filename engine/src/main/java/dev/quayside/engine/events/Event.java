package dev.quayside.engine.events;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One thing worth telling the user. {@code type} is a stable machine name (e.g. {@code blob.uploaded});
 * {@code message} is the human line; {@code attributes} carry the details a front end may render.
 */
public final class Event implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Level { DEBUG, INFO, WARNING }

    private final Level level;
    private final String type;
    private final String message;
    private final Map<String, Object> attributes;

    private Event(Level level, String type, String message, Map<String, Object> attributes) {
        this.level = Objects.requireNonNull(level);
        this.type = Objects.requireNonNull(type);
        this.message = Objects.requireNonNull(message);
        this.attributes = Map.copyOf(attributes);
    }

    public static Event of(Level level, String type, String message, Map<String, Object> attributes) {
        return new Event(level, type, message, attributes);
    }

    public static Event info(String message) {
        return new Event(Level.INFO, "info", message, Map.of());
    }

    public static Event warning(String type, String message) {
        return new Event(Level.WARNING, type, message, Map.of());
    }

    public Level level() {
        return level;
    }

    public String type() {
        return type;
    }

    public String message() {
        return message;
    }

    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return level + " " + type + ": " + message;
    }
}
