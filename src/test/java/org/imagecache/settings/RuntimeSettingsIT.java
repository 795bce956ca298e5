package org.imagecache.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.config.ImagesSettings.AUTO_UPDATE_CACHED;
import static org.imagecache.config.ImagesSettings.AUTO_UPDATE_INTERVAL;
import static org.imagecache.config.ImagesSettings.REMOTE_CACHE_EXPIRY;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ImagesSettings;
import org.imagecache.store.Database;
import org.imagecache.store.SettingsRepository;
import org.imagecache.testing.Sql;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class RuntimeSettingsIT {
  private static final ImagesSettings CONFIGURED = new ImagesSettings(true, 6, 10);
  private static final Instant NOW = Instant.parse("2025-02-01T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;
  private final SettingsRepository repo = new SettingsRepository();
  private Database db;
  private RuntimeSettings settings;

  @BeforeEach
  void open(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
    settings = RuntimeSettings.load(CONFIGURED, db, repo, CLOCK);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Map<String, String> stored() {
    return db.readNow(repo::all);
  }

  @Test
  void update_storesTheCanonicalValueAndRefusesOtherScriptsDigits() {
    settings.update(Map.of(AUTO_UPDATE_INTERVAL, " 7 ", AUTO_UPDATE_CACHED, "TRUE")).await();
    assertThat(stored()).containsOnly(Map.entry(AUTO_UPDATE_INTERVAL, "7"), Map.entry(AUTO_UPDATE_CACHED, "true"));

    assertThatThrownBy(() -> settings.update(Map.of(AUTO_UPDATE_INTERVAL, "\uff16")).await())
        .isInstanceOf(org.imagecache.config.ConfigException.class).hasMessageContaining(AUTO_UPDATE_INTERVAL)
        .hasMessageContaining("whole number");
    assertThat(stored()).containsEntry(AUTO_UPDATE_INTERVAL, "7");
  }

  @Test
  void refresh_appliesWhatAnotherMemberOfTheDatabaseChanged_andTellsTheListenersOnlyWhenAValueMoved(Vertx vertx) {
    Database other = TestDatabase.openFile(vertx, dir.resolve(TestDatabase.FILE_NAME));
    try {
      RuntimeSettings there = RuntimeSettings.load(CONFIGURED, other, repo, CLOCK);
      List<ImagesSettings> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      settings.onChange(heard::add);

      there.update(Map.of(AUTO_UPDATE_INTERVAL, "0")).await();
      assertThat(settings.current()).as("not read yet").isEqualTo(CONFIGURED);
      assertThat(settings.refresh().await()).isEqualTo(new ImagesSettings(true, 0, 10));
      assertThat(settings.current()).isEqualTo(new ImagesSettings(true, 0, 10));
      assertThat(heard).containsExactly(new ImagesSettings(true, 0, 10));

      settings.refresh().await();
      assertThat(heard).as("nothing moved: nothing to react to").hasSize(1);
      there.update(Map.of(AUTO_UPDATE_INTERVAL, "")).await();
      settings.refresh().await();
      assertThat(settings.current()).as("unset there: the configured value here").isEqualTo(CONFIGURED);
      assertThat(heard).hasSize(2);
    } finally {
      other.close();
    }
  }

  @Test
  void load_withNothingStoredUsesTheConfiguredValues() {
    assertThat(settings.current()).isEqualTo(CONFIGURED);
    assertThat(settings.get()).isEqualTo(CONFIGURED);
  }

  @Test
  void update_appliesAndPersistsInTheSettingsTable() {
    ImagesSettings next = settings.update(Map.of(AUTO_UPDATE_INTERVAL, "0", AUTO_UPDATE_CACHED, "false")).await();

    assertThat(next).isEqualTo(new ImagesSettings(false, 0, 10));
    assertThat(settings.current()).isEqualTo(next);
    assertThat(stored()).containsOnly(Map.entry(AUTO_UPDATE_INTERVAL, "0"), Map.entry(AUTO_UPDATE_CACHED, "false"));
    assertThat(Sql.column(dir.resolve(TestDatabase.FILE_NAME), "SELECT DISTINCT updated_at FROM settings"))
        .containsExactly(Long.toString(NOW.toEpochMilli()));
  }

  @Test
  void update_concurrentChangesEndWithTheRunningValuesEqualToTheStoredOnes() {
    List<io.vertx.core.Future<ImagesSettings>> all = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      all.add(settings.update(Map.of(i % 2 == 0 ? AUTO_UPDATE_INTERVAL : REMOTE_CACHE_EXPIRY, Integer.toString(i))));
    }
    io.vertx.core.Future.all(all).await();

    assertThat(settings.current()).isEqualTo(new ImagesSettings(true, 20, 19));
    assertThat(RuntimeSettings.load(CONFIGURED, db, repo, CLOCK).current()).isEqualTo(settings.current());
  }

  @Test
  void update_thatTheDatabaseRefusesLeavesTheRunningValues() {
    db.close();

    assertThatThrownBy(() -> settings.update(Map.of(REMOTE_CACHE_EXPIRY, "30")).await()).isNotInstanceOf(ConfigException.class);

    assertThat(settings.current()).isEqualTo(CONFIGURED);
  }

  @Test
  void load_prefersStoredValuesOverConfiguredOnes() {
    settings.update(Map.of(REMOTE_CACHE_EXPIRY, "30")).await();

    RuntimeSettings reloaded = RuntimeSettings.load(CONFIGURED, db, repo, CLOCK);

    assertThat(reloaded.current()).isEqualTo(new ImagesSettings(true, 6, 30));
  }

  @Test
  void load_ignoresAStoredValueThatNoLongerValidates() {
    db.writeNow(session -> {
      repo.put(session, AUTO_UPDATE_INTERVAL, "every hour", NOW);
      repo.put(session, REMOTE_CACHE_EXPIRY, "2", NOW);
      repo.put(session, "images.retired_key", "1", NOW);
      return null;
    });

    RuntimeSettings reloaded = RuntimeSettings.load(CONFIGURED, db, repo, CLOCK);

    assertThat(reloaded.current()).isEqualTo(new ImagesSettings(true, 6, 2));
  }

  @Test
  void update_withAnInvalidValueFailsAndChangesNothing() {
    settings.update(Map.of(AUTO_UPDATE_INTERVAL, "3")).await();
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put(REMOTE_CACHE_EXPIRY, "7");
    changes.put(AUTO_UPDATE_INTERVAL, "-1");

    assertThatThrownBy(() -> settings.update(changes).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AUTO_UPDATE_INTERVAL);

    assertThat(settings.current()).isEqualTo(new ImagesSettings(true, 3, 10));
    assertThat(stored()).containsOnly(Map.entry(AUTO_UPDATE_INTERVAL, "3"));
  }

  @Test
  void update_withAnUnknownKeyFailsAndChangesNothing() {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put(AUTO_UPDATE_CACHED, "false");
    changes.put("images.compression_algorithm", "xz");

    assertThatThrownBy(() -> settings.update(changes).await())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("images.compression_algorithm");

    assertThat(settings.current()).isEqualTo(CONFIGURED);
    assertThat(stored()).isEmpty();
  }

  @Test
  void update_withAnEmptyValueRevertsToConfiguredAndDeletesTheRow() {
    settings.update(Map.of(AUTO_UPDATE_INTERVAL, "0", REMOTE_CACHE_EXPIRY, "1")).await();

    ImagesSettings next = settings.update(Map.of(AUTO_UPDATE_INTERVAL, "")).await();

    assertThat(next).isEqualTo(new ImagesSettings(true, 6, 1));
    assertThat(stored()).containsOnly(Map.entry(REMOTE_CACHE_EXPIRY, "1"));
    assertThat(RuntimeSettings.load(CONFIGURED, db, repo, CLOCK).current()).isEqualTo(next);
  }

  @Test
  void update_withANullValueAlsoUnsets() {
    settings.update(Map.of(AUTO_UPDATE_CACHED, "false")).await();
    Map<String, String> unset = new HashMap<>();
    unset.put(AUTO_UPDATE_CACHED, null);

    assertThat(settings.update(unset).await()).isEqualTo(CONFIGURED);

    assertThat(stored()).isEmpty();
  }

  @Test
  void onChange_listenersGetTheNewValues(VertxTestContext tc) {
    List<ImagesSettings> seen = new CopyOnWriteArrayList<>();
    settings.onChange(seen::add);
    settings.onChange(s -> tc.verify(() -> {
      assertThat(s).isEqualTo(new ImagesSettings(true, 12, 10));
      assertThat(seen).containsExactly(s);
      tc.completeNow();
    }));

    settings.update(Map.of(AUTO_UPDATE_INTERVAL, "12"));
  }

  @Test
  void onChange_listenersAreNotCalledWhenAnUpdateFails() {
    List<ImagesSettings> seen = new CopyOnWriteArrayList<>();
    settings.onChange(seen::add);

    assertThatThrownBy(() -> settings.update(Map.of(AUTO_UPDATE_CACHED, "perhaps")).await()).isInstanceOf(ConfigException.class);
    settings.update(Map.of(AUTO_UPDATE_CACHED, "false")).await();

    assertThat(seen).containsExactly(new ImagesSettings(false, 6, 10));
  }

  @Test
  void onChange_anEmptyChangeOrTheSameValue_callsNoListener() {
    List<ImagesSettings> seen = new CopyOnWriteArrayList<>();
    settings.onChange(seen::add);

    settings.update(Map.of()).await();
    settings.update(Map.of(AUTO_UPDATE_INTERVAL, "6")).await();
    settings.update(Map.of(AUTO_UPDATE_INTERVAL, "7")).await();

    assertThat(seen).containsExactly(new ImagesSettings(true, 7, 10));
  }
}
