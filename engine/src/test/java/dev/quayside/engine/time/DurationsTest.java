package dev.quayside.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"90s,90", "20m,1200", "1h30m,5400", "2h,7200", "45,45", "PT10M,600", "pt1h,3600"})
    void parse_readsTheFormsPeopleWrite(String text, long seconds) {
        assertThat(Durations.parse("timeout", text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10 minutes", "1d", "PTX"})
    void parse_refusesAnythingElseNamingTheField(String text) {
        assertThatThrownBy(() -> Durations.parse("timeout", text)).hasMessageStartingWith("timeout: ").hasMessageContaining("is not a duration");
    }
}
