package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.Fingerprint;
import org.imagecache.store.Database;
import org.imagecache.store.MemberRepository;
import org.imagecache.store.ReplicaRepository;
import org.imagecache.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** At each start a member records itself and sets its replicas to the files its store holds. */
@ExtendWith(VertxExtension.class)
class JoinTierIT {
  private static final Fingerprint HERE = Fingerprint.of("a".repeat(64));
  private static final Fingerprint GONE = Fingerprint.of("b".repeat(64));
  private static final Fingerprint OTHERS = Fingerprint.of("c".repeat(64));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void aStart_recordsTheFilesOnDiskAsThisMembers_forgetsTheOnesThatWent_andLeavesAnotherMembersAlone(Vertx vertx) throws Exception {
    ImageFileStore files = new ImageFileStore(Files.createDirectories(dir.resolve("images")));
    Files.writeString(files.metaPath(HERE), "metadata");
    Database db = TestDatabase.open(vertx, dir);
    try {
      ReplicaRepository replicas = new ReplicaRepository();
      db.writeNow(session -> {
        replicas.put(session, GONE, "cache-1", CLOCK.instant());
        replicas.put(session, OTHERS, "cache-2", CLOCK.instant());
        return null;
      });

      Services.joinTier(db, files, Set.of(HERE, GONE, OTHERS), "cache-1", "https://cache-1.example:8443", CLOCK);

      Set<Fingerprint> mine = db.readNow(session -> replicas.heldBy(session, "cache-1"));
      Set<Fingerprint> theirs = db.readNow(session -> replicas.heldBy(session, "cache-2"));
      assertThat(mine).containsExactly(HERE);
      assertThat(theirs).containsExactly(OTHERS);
      assertThat(db.readNow(new MemberRepository()::list)).singleElement()
          .satisfies(m -> assertThat(m.address()).isEqualTo("https://cache-1.example:8443"));
    } finally {
      db.close();
    }
  }
}
