package org.imagecache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "10m, PT10M", "1h, PT1H", "2d, PT48H", "' 10 m ', PT10M", "0s, PT0S"})
  void parse_acceptsNumberAndUnit(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "m", "-1m", "1.5h", "10 minutes", "1w", "10M", "1234567890123s"})
  void parse_refusesOtherForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration");
  }

  @ParameterizedTest
  @CsvSource({"PT0.5S, 500ms", "PT1.5S, 1500ms", "PT90S, 90s", "PT10M, 10m", "PT1H, 1h", "PT36H, 36h", "PT48H, 2d", "PT0S, 0s"})
  void format_printsTheShortestExactForm(String iso, String text) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "45s", "90m", "7h", "3d"})
  void format_roundTripsWithParse(String text) {
    assertThat(Durations.parse(Durations.format(Durations.parse(text)))).isEqualTo(Durations.parse(text));
  }
}
