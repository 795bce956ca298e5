package org.imagecache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({
      "1024, 1024", "0, 0", "7B, 7", "64KiB, 65536", "1MiB, 1048576", "20GiB, 21474836480", "1TiB, 1099511627776",
      "5GB, 5000000000", "3kb, 3000", "' 10 MiB ', 10485760"})
  void parse_acceptsBytesWithUnit(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1.5GiB", "10XB", "-1", "GiB", "10 Gi"})
  void parse_refusesOtherForms(String text) {
    assertThatThrownBy(() -> Sizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a size");
  }

  @Test
  void parse_refusesOverflow() {
    assertThatThrownBy(() -> Sizes.parse("999999999999999TiB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("is too large");
  }

  @ParameterizedTest
  @CsvSource({"0, 0B", "300, 300B", "1023, 1023B", "1024, 1.0KiB", "1536, 1.5KiB", "1073741824, 1.0GiB", "21474836480, 20.0GiB"})
  void human_usesBinaryUnitsWithOneDecimal(long bytes, String text) {
    assertThat(Sizes.human(bytes)).isEqualTo(text);
  }
}
