package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.imagecache.testing.Sql;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRepositoryIT {
  private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2025-01-02T00:00:00Z");

  @TempDir Path dir;
  private final SettingsRepository settings = new SettingsRepository();
  private Session session;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
  }

  @Test
  void all_ofAFreshDatabaseIsEmpty() {
    assertThat(settings.all(session)).isEmpty();
  }

  @Test
  void put_thenAllByKey() {
    settings.put(session, "images.remote_cache_expiry", "3", T1);
    settings.put(session, "images.auto_update_interval", "0", T1);

    assertThat(settings.all(session)).containsExactly(
        Map.entry("images.auto_update_interval", "0"), Map.entry("images.remote_cache_expiry", "3"));
  }

  @Test
  void put_againUpdatesValueAndTime() {
    settings.put(session, "images.auto_update_interval", "0", T1);

    settings.put(session, "images.auto_update_interval", "12", T2);

    assertThat(settings.all(session)).containsExactly(Map.entry("images.auto_update_interval", "12"));
    assertThat(Sql.column(dir.resolve(TestDatabase.FILE_NAME), "SELECT updated_at FROM settings"))
        .containsExactly(Long.toString(T2.toEpochMilli()));
  }

  @Test
  void delete_removesTheKeyOnce() {
    settings.put(session, "a", "1", T1);
    settings.put(session, "b", "2", T1);

    assertThat(settings.delete(session, "a")).isTrue();
    assertThat(settings.delete(session, "a")).isFalse();

    assertThat(settings.all(session)).containsExactly(Map.entry("b", "2"));
  }
}
