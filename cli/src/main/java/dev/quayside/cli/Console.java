package dev.quayside.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quayside.engine.events.Event;
import dev.quayside.engine.events.ProgressListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Where the CLI writes: the human log on stderr (timestamped, colour only on a terminal and never
 * with NO_COLOR), the machine result on stdout.
 */
final class Console implements ProgressListener {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final boolean quiet;
    private final boolean debug;
    private final boolean colour;

    Console(PrintStream out, PrintStream err, Clock clock, boolean quiet, boolean debug, boolean colour) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.quiet = quiet;
        this.debug = debug;
        this.colour = colour;
    }

    static boolean colourWanted(Map<String, String> env, boolean terminal) {
        return terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }

    @Override
    public synchronized void onEvent(Event event) {
        if (event.level() == Event.Level.DEBUG && !debug) {
            return;
        }
        if (quiet && event.level() != Event.Level.WARNING) {
            return;
        }
        String line = event.message();
        if (colour && event.level() == Event.Level.WARNING) {
            line = "\u001b[33m" + line + "\u001b[0m";
        }
        err.println(stamp() + line);
    }

    synchronized void error(String message) {
        err.println(stamp() + (colour ? "\u001b[31m" + message + "\u001b[0m" : message));
    }

    private String stamp() {
        return LocalTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(TIME) + " ";
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void result(String line) {
        out.println(line);
    }

    boolean debug() {
        return debug;
    }
}
