package dev.quayside.cli;

import dev.quayside.engine.errors.QuaysideException;
import dev.quayside.engine.time.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** picocli's side of the engine's duration rules (90s, 10m, 1h30m, PT10M). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse("timeout", value);
        } catch (QuaysideException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
