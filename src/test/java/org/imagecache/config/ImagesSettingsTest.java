package org.imagecache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagesSettingsTest {
  private static final ImagesSettings DEFAULTS = new ImagesSettings(true, 6, 10);

  @Test
  void with_changesOnlyTheNamedKey() {
    assertThat(DEFAULTS.with(ImagesSettings.AUTO_UPDATE_CACHED, "false")).isEqualTo(new ImagesSettings(false, 6, 10));
    assertThat(DEFAULTS.with(ImagesSettings.AUTO_UPDATE_INTERVAL, "0")).isEqualTo(new ImagesSettings(true, 0, 10));
    assertThat(DEFAULTS.with(ImagesSettings.REMOTE_CACHE_EXPIRY, " 30 ")).isEqualTo(new ImagesSettings(true, 6, 30));
    assertThat(DEFAULTS).isEqualTo(new ImagesSettings(true, 6, 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "1", "yes", "on", " On "})
  void with_acceptsTrueForms(String value) {
    assertThat(new ImagesSettings(false, 6, 10).with(ImagesSettings.AUTO_UPDATE_CACHED, value).autoUpdateCached()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "0", "no", "off"})
  void with_acceptsFalseForms(String value) {
    assertThat(DEFAULTS.with(ImagesSettings.AUTO_UPDATE_CACHED, value).autoUpdateCached()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "maybe", "2", "y"})
  void with_refusesNonBoolean(String value) {
    assertThatThrownBy(() -> DEFAULTS.with(ImagesSettings.AUTO_UPDATE_CACHED, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ImagesSettings.AUTO_UPDATE_CACHED)
        .hasMessageContaining("boolean");
  }

  @Test
  void with_acceptsTheBounds() {
    assertThat(DEFAULTS.with(ImagesSettings.AUTO_UPDATE_INTERVAL, "0").autoUpdateIntervalHours()).isZero();
    assertThat(DEFAULTS.with(ImagesSettings.REMOTE_CACHE_EXPIRY, "876000").remoteCacheExpiryDays()).isEqualTo(876_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "876001", "99999999999999"})
  void with_refusesCountsOutOfBounds(String value) {
    assertThatThrownBy(() -> DEFAULTS.with(ImagesSettings.AUTO_UPDATE_INTERVAL, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ImagesSettings.AUTO_UPDATE_INTERVAL)
        .hasMessageContaining("between 0 and 876000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "six", "1.5", "6h"})
  void with_refusesNonNumbers(String value) {
    assertThatThrownBy(() -> DEFAULTS.with(ImagesSettings.REMOTE_CACHE_EXPIRY, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(ImagesSettings.REMOTE_CACHE_EXPIRY)
        .hasMessageContaining("whole number");
  }

  @Test
  void with_refusesUnknownKey() {
    assertThatThrownBy(() -> DEFAULTS.with("images.compression_algorithm", "xz"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("images.compression_algorithm");
  }

  @Test
  void asMap_listsTheThreeKeysInOrder() {
    assertThat(DEFAULTS.asMap()).containsExactly(
        java.util.Map.entry("images.auto_update_cached", "true"),
        java.util.Map.entry("images.auto_update_interval", "6"),
        java.util.Map.entry("images.remote_cache_expiry", "10"));
  }

  @Test
  void asMap_roundTripsThroughWith() {
    ImagesSettings s = new ImagesSettings(false, 0, 365);
    ImagesSettings rebuilt = DEFAULTS;
    for (var e : s.asMap().entrySet()) {
      rebuilt = rebuilt.with(e.getKey(), e.getValue());
    }
    assertThat(rebuilt).isEqualTo(s);
  }

  @Test
  void isKey_knowsOnlyTheThreeKeys() {
    assertThat(ImagesSettings.KEYS).allMatch(ImagesSettings::isKey);
    assertThat(ImagesSettings.isKey("images.auto_update")).isFalse();
    assertThat(ImagesSettings.isKey("cache.launch_lease")).isFalse();
  }
}
