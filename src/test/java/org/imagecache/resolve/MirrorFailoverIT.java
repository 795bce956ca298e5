package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.LookupHarness.ALIAS;
import static org.imagecache.testing.LookupHarness.byAlias;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.imagecache.remote.RemoteStatus;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.LookupHarness;
import org.imagecache.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote with one mirror, both real HTTP servers on loopback: the catalog and the files come from the
 * mirror while it answers; a mirror that fails, or sends wrong bytes, leaves them to the remote within
 * the same lookup, and is skipped afterwards. The image is the remote's whichever source sent it.
 */
@ExtendWith(VertxExtension.class)
class MirrorFailoverIT {
  @TempDir Path dir;
  LookupHarness h;
  FakeStreamsServer mirror;

  @BeforeEach
  void start(Vertx vertx) {
    h = LookupHarness.startWithMirror(vertx, dir);
    mirror = java.util.Objects.requireNonNull(h.mirror);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private RemoteStatus status() {
    return h.remotes.get(LookupHarness.REMOTE).catalog().status();
  }

  @Test
  void aHealthyMirror_servesTheCatalogAndTheFiles_theRemoteIsNotAsked() {
    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.fingerprint()).isEqualTo(h.fp1);
    assertThat(h.server.log()).as("the remote itself").isEmpty();
    assertThat(mirror.served("index.json")).isEqualTo(1);
    assertThat(mirror.served(".tar.xz")).isEqualTo(2);
    RemoteStatus s = status();
    assertThat(s.url()).as("the remote's identity").isEqualTo(h.server.baseUrl());
    assertThat(s.mirrors()).singleElement().satisfies(m -> {
      assertThat(m.state()).isEqualTo("closed");
      assertThat(m.catalogSource()).isTrue();
      assertThat(m.bytesServed()).isEqualTo(r.size());
    });
    assertThat(s.sourceBytes()).isEqualTo(RemoteStatus.SourceBytes.of(r.size(), 0));
    assertThat(s.sourceBytes().saved()).isEqualTo(1.0);
    assertThat(Sql.column(h.dbFile, "SELECT s.server FROM image_sources s")).containsExactly(h.server.baseUrl());
  }

  @Test
  void aMirrorThatFailsTheCatalog_isSkipped_andTheRemoteAnswersTheSameLookup() {
    mirror.failWith(503);

    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.fingerprint()).isEqualTo(h.fp1);
    assertThat(h.server.served("index.json")).isEqualTo(1);
    assertThat(h.server.served(".tar.xz")).isEqualTo(2);
    assertThat(status().mirrors()).singleElement().satisfies(m -> {
      assertThat(m.state()).isEqualTo("open");
      assertThat(m.lastError()).contains("503");
      assertThat(m.catalogSource()).isFalse();
    });
    assertThat(status().sourceBytes()).isEqualTo(RemoteStatus.SourceBytes.of(0, r.size()));
    assertThat(h.metrics.scrape())
        .contains("imagecache_remote_source_bytes_total{remote=\"fixture\",source=\"upstream\"} " + (double) r.size())
        .contains("imagecache_remote_mirror_skipped{remote=\"fixture\",source=\"" + mirror.baseUrl());
  }

  @Test
  void aMirrorThatSendsWrongBytes_leavesTheImageToTheRemote_nothingWrongIsKept() {
    h.lookupNow(byAlias(ALIAS)); // the catalog from the mirror
    h.leaseBook.releaseLaunch(h.lookupNow(byAlias(ALIAS)).lease().id());
    h.records.delete("default", h.fp1).await();
    mirror.clearLog();
    mirror.paths("root.tar.xz").corrupt();

    LookupResult r = h.lookupNow(byAlias(ALIAS));

    assertThat(r.fingerprint()).isEqualTo(h.fp1);
    assertThat(mirror.served("root.tar.xz")).isEqualTo(1);
    assertThat(h.server.served("root.tar.xz")).as("the remote sent the file the mirror got wrong").isEqualTo(1);
    assertThat(status().mirrors()).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo("open"));
    h.db.flush().await();
    assertThat(Sql.column(h.dbFile, "SELECT detail FROM cache_events WHERE kind = 'image-downloaded' ORDER BY id DESC LIMIT 1"))
        .singleElement().asString().startsWith("from fixture upstream, after fixture mirror " + mirror.baseUrl()).contains("Failed verifying");
    assertThat(h.files.contentProblem(org.imagecache.image.Fingerprint.of(h.fp1), org.imagecache.image.FileLayout.CONTAINER, r.size())).isEmpty();
  }
}
