package org.imagecache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatermarkTest {

  @Test
  void parse_percentage() {
    assertThat(Watermark.parse("85%")).isEqualTo(new Watermark(Watermark.Kind.PERCENT, 85));
    assertThat(Watermark.parse(" 100 %")).isEqualTo(new Watermark(Watermark.Kind.PERCENT, 100));
    assertThat(Watermark.parse("1%")).isEqualTo(new Watermark(Watermark.Kind.PERCENT, 1));
  }

  @Test
  void parse_size() {
    assertThat(Watermark.parse("20GiB")).isEqualTo(new Watermark(Watermark.Kind.BYTES, 20L << 30));
    assertThat(Watermark.parse("4096")).isEqualTo(new Watermark(Watermark.Kind.BYTES, 4096));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0%", "101%", "-5%"})
  void parse_refusesPercentOutOfRange(String text) {
    assertThatThrownBy(() -> Watermark.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1% and 100%");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x%", "%", "85.5%"})
  void parse_refusesNonNumericPercent(String text) {
    assertThatThrownBy(() -> Watermark.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a percentage");
  }

  @Test
  void parse_refusesGarbage() {
    assertThatThrownBy(() -> Watermark.parse("lots")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesOf_percentIsAShareOfTheFilesystem() {
    assertThat(Watermark.parse("85%").bytesOf(1_000_000)).isEqualTo(850_000);
    assertThat(Watermark.parse("100%").bytesOf(1_000_000)).isEqualTo(1_000_000);
  }

  @Test
  void bytesOf_sizeIgnoresTheFilesystem() {
    assertThat(Watermark.parse("1KiB").bytesOf(1_000_000)).isEqualTo(1024);
  }

  @Test
  void toString_printsTheConfiguredForm() {
    assertThat(Watermark.parse("85%")).hasToString("85%");
    assertThat(Watermark.parse("20GiB")).hasToString("20.0GiB");
  }
}
