package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagecache.failure.InsufficientStorageException;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

@ExtendWith(VertxExtension.class)
class DatabaseIT {
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;
  private final SettingsRepository settings = new SettingsRepository();
  private Database db;

  @BeforeEach
  void open(Vertx vertx) {
    db = TestDatabase.open(vertx, dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private record Where(String thread, boolean onEventLoop, boolean onWorker) {
    static Where here() {
      return new Where(Thread.currentThread().getName(), Context.isOnEventLoopThread(), Context.isOnWorkerThread());
    }
  }

  @Test
  void read_runsOnAReaderWorkerNotTheEventLoop(Vertx vertx, VertxTestContext tc) {
    vertx.getOrCreateContext().runOnContext(v -> {
      assertThat(Context.isOnEventLoopThread()).isTrue();
      db.read(dsl -> Where.here()).onComplete(tc.succeeding(where -> tc.verify(() -> {
        assertThat(where.thread()).startsWith("imagecache-db-reader");
        assertThat(where.onEventLoop()).isFalse();
        assertThat(where.onWorker()).isTrue();
        tc.completeNow();
      })));
    });
  }

  @Test
  void write_runsOnTheWriterWorkerNotTheEventLoop(Vertx vertx, VertxTestContext tc) {
    vertx.getOrCreateContext().runOnContext(v -> {
      assertThat(Context.isOnEventLoopThread()).isTrue();
      db.write(dsl -> Where.here()).onComplete(tc.succeeding(where -> tc.verify(() -> {
        assertThat(where.thread()).startsWith("imagecache-db-writer");
        assertThat(where.onEventLoop()).isFalse();
        assertThat(where.onWorker()).isTrue();
        tc.completeNow();
      })));
    });
  }

  @Test
  void write_thatThrowsIsRolledBackWhole(VertxTestContext tc) {
    IllegalStateException boom = new IllegalStateException("boom");

    db.write(dsl -> {
      settings.put(dsl, "images.auto_update_interval", "1", AT);
      settings.put(dsl, "images.remote_cache_expiry", "2", AT);
      throw boom;
    }).onComplete(tc.failing(e -> tc.verify(() -> {
      assertThat(e).isSameAs(boom);
      db.read(settings::all).onComplete(tc.succeeding(all -> tc.verify(() -> {
        assertThat(all).isEmpty();
        tc.completeNow();
      })));
    })));
  }

  @Test
  void write_thatTheFullDiskRefusesIsRolledBackAndInsufficientStorage(VertxTestContext tc) {
    TestDatabase.assumeSqlite("max_page_count");
    // max_page_count makes SQLite answer SQLITE_FULL exactly as a full filesystem does
    long pages = db.writeNow(dsl -> dsl.dsl().fetchOne("PRAGMA page_count").get(0, Long.class));
    db.writeNow(dsl -> dsl.dsl().fetch("PRAGMA max_page_count = " + pages));
    String big = "x".repeat(64 * 1024);

    db.write(dsl -> {
      settings.put(dsl, "images.auto_update_interval", "1", AT);
      settings.put(dsl, "images.remote_cache_expiry", big, AT);
      return null;
    }).onComplete(tc.failing(e -> tc.verify(() -> {
      assertThat(e).isInstanceOf(InsufficientStorageException.class);
      assertThat(((InsufficientStorageException) e).reason()).isEqualTo("insufficient_storage");
      db.read(settings::all).onComplete(tc.succeeding(all -> tc.verify(() -> {
        assertThat(all).isEmpty();
        tc.completeNow();
      })));
    })));
  }

  @Test
  void isDiskFull_looksForSqliteFullInTheCauseChain() {
    SQLiteException full = new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL);
    SQLiteException busy = new SQLiteException("[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY);
    assertThat(Database.isDiskFull(new RuntimeException("commit failed", full))).isTrue();
    assertThat(Database.isDiskFull(new RuntimeException("commit failed", busy))).isFalse();
    assertThat(Database.isDiskFull(new RuntimeException("no cause"))).isFalse();
  }

  @Test
  void isConnectionState_isSqlstateClass08OrAServerShuttingDown() {
    assertThat(List.of("08001", "08006", "57P01", "57P02", "57P03")).allMatch(Database::isConnectionState);
    assertThat(java.util.Arrays.asList("23505", "40P01", "53100", "57014", null)).noneMatch(Database::isConnectionState);
  }

  @Test
  void isDiskFull_looksForPostgresDiskFullInTheCauseChain() {
    assertThat(Database.isDiskFull(new RuntimeException("insert failed", new java.sql.SQLException("could not extend file", "53100")))).isTrue();
    assertThat(Database.isDiskFull(new RuntimeException("insert failed", new java.sql.SQLException("deadlock detected", "40P01")))).isFalse();
  }

  @Test
  void write_concurrentWritesAllCommitOneAtATime(VertxTestContext tc) {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      writes.add(db.write(dsl -> {
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        int next = Integer.parseInt(settings.all(dsl).getOrDefault("counter", "0")) + 1;
        settings.put(dsl, "counter", Integer.toString(next), AT);
        inside.decrementAndGet();
        return next;
      }));
    }

    Future.all(writes).onComplete(tc.succeeding(all -> tc.verify(() -> {
      assertThat(writes).extracting(Future::result).doesNotHaveDuplicates().hasSize(50);
      assertThat(mostInside.get()).isEqualTo(1);
      db.read(settings::all).onComplete(tc.succeeding(stored -> tc.verify(() -> {
        assertThat(stored).containsEntry("counter", "50");
        tc.completeNow();
      })));
    })));
  }

  @Test
  void flush_completesAfterEarlierWrites(VertxTestContext tc) {
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = "k" + i;
      writes.add(db.write(dsl -> {
        settings.put(dsl, key, "v", AT);
        return null;
      }));
    }

    db.flush().onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(writes).allMatch(Future::succeeded);
      assertThat(db.readNow(settings::all)).hasSize(10);
      tc.completeNow();
    })));
  }

  @Test
  void read_seesCommittedWrites(VertxTestContext tc) {
    db.write(dsl -> {
      settings.put(dsl, "a", "1", AT);
      return null;
    }).compose(v -> db.read(settings::all)).onComplete(tc.succeeding(all -> tc.verify(() -> {
      assertThat(all).containsExactly(java.util.Map.entry("a", "1"));
      tc.completeNow();
    })));
  }

  @Test
  void read_thatThrowsFailsItsFuture(VertxTestContext tc) {
    db.read(dsl -> dsl.dsl().fetch("SELECT * FROM no_such_table")).onComplete(tc.failing(e -> tc.verify(() -> {
      assertThat(e).isInstanceOf(org.jooq.exception.DataAccessException.class).hasMessageContaining("no_such_table");
      tc.completeNow();
    })));
  }

  @Test
  void aDatabaseFileDeletedUnderTheServiceRefusesWritesAndSaysSo() throws Exception {
    TestDatabase.assumeSqlite("a database file's inode");
    assertThat(db.lost()).isEmpty();
    db.writeNow(dsl -> {
      settings.put(dsl, "images.auto_update_interval", "3", AT);
      return null;
    });
    for (String suffix : List.of("", "-wal", "-shm")) {
      java.nio.file.Files.deleteIfExists(dir.resolve(TestDatabase.FILE_NAME + suffix));
    }

    assertThat(db.lost()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains(TestDatabase.FILE_NAME).contains("was deleted"));
    assertThatThrownBy(() -> db.writeNow(dsl -> {
      settings.put(dsl, "images.auto_update_interval", "4", AT);
      return null;
    }))
        .isInstanceOf(ServiceUnavailableException.class)
        .satisfies(e -> assertThat(((ServiceUnavailableException) e).reason()).isEqualTo("database_lost"));
  }

  @Test
  void aDatabaseFileReplacedUnderTheServiceIsNoticed() throws Exception {
    TestDatabase.assumeSqlite("a database file's inode");
    Path file = dir.resolve(TestDatabase.FILE_NAME);
    Path copy = dir.resolve("copy.db");
    java.nio.file.Files.copy(file, copy);
    java.nio.file.Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(db.lost()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("was replaced"));
  }
}
