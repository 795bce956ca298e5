package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.imagecache.config.RemoteConfig;
import org.imagecache.demo.StreamGenerator;
import org.imagecache.failure.RemoteException;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteImage;
import org.imagecache.metrics.ImageCacheMetrics;
import org.imagecache.testing.Eventually;
import org.imagecache.testing.FakeStreamsServer;
import org.imagecache.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the RemoteCatalog tests share: a real HttpTransport, CatalogFetcher and SnapshotStore against
 * the fake streams server, a stream with one version written, and a clock that moves only when a test
 * advances it.
 */
@ExtendWith(VertxExtension.class)
abstract class RemoteCatalogTestBase {
  static final String PRODUCT = "testos:1:amd64:default";
  static final String V1 = "20261101_0000";
  static final String V2 = "20261102_0000";
  static final Duration TTL = Duration.ofHours(1);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  Vertx vertx;
  Path streams;
  Path catalogs;
  MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
  FakeStreamsServer server;
  RemoteConfig config;
  List<Transport> transports = new ArrayList<>();
  RemoteCatalog catalog;
  String fp1;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    streams = dir.resolve("streams");
    catalogs = Files.createDirectories(dir.resolve("catalogs"));
    fp1 = write(List.of(V1)).get(V1);
    server = FakeStreamsServer.start(vertx, streams);
    config = config(server.baseUrl(), Duration.ofSeconds(1));
    catalog = newCatalog(config);
  }

  @AfterEach
  void stop() {
    transports.forEach(Transport::close);
    server.close();
  }

  java.util.Map<String, String> write(List<String> versions) {
    return StreamGenerator.write(streams, new StreamGenerator.Spec("testos", List.of("1"), versions, List.of("amd64"), 4 * 1024)).get(PRODUCT);
  }

  static RemoteConfig config(String url, Duration idleTimeout) {
    return RemoteConfig.builder("fake", URI.create(url)).catalogTtl(TTL).catalogStaleWhileRevalidate(TTL)
        .connectTimeout(Duration.ofSeconds(2)).idleTimeout(idleTimeout).maxCatalogBytes(1024 * 1024).maxCatalogTotalBytes(2 * 1024 * 1024).build();
  }

  /** A RemoteCatalog as Remotes builds one: its own transport and fetcher, the shared catalogs dir. */
  RemoteCatalog newCatalog(RemoteConfig cfg) {
    HttpTransport transport = new HttpTransport(vertx, cfg);
    transports.add(transport);
    return new RemoteCatalog(cfg, new CatalogFetcher(vertx, cfg, transport, new SnapshotStore(catalogs), clock, "x86_64"), clock,
        ImageCacheMetrics.inMemory());
  }

  /** One use, started on an event-loop context, answered there. */
  ImageIndex use(RemoteCatalog rc) {
    return read(rc).catalog();
  }

  /** One use, as {@link #use}, with the age and staleness it was answered with. */
  CatalogRead read(RemoteCatalog rc) {
    Context ctx = vertx.getOrCreateContext();
    Promise<CatalogRead> done = Promise.promise();
    ctx.runOnContext(v -> rc.catalog().onComplete(ar -> ctx.runOnContext(w -> done.handle(ar))));
    return done.future().await();
  }

  static String aliasTarget(ImageIndex c) {
    return c.resolve("testos/1", "x86_64", ImageType.CONTAINER).map(RemoteImage::fingerprint).map(f -> f.hex()).orElse(null);
  }

  RemoteException failure(RemoteCatalog rc) {
    try {
      use(rc);
    } catch (RemoteException e) {
      return e;
    }
    throw new AssertionError("catalog() succeeded");
  }

  /** Past the TTL, a use answers with the old catalog at once and refreshes in the background. */
  ImageIndex staleUse(ImageIndex expected) {
    clock.advance(TTL.plusSeconds(1));
    CatalogRead answered = read(catalog);
    assertThat(answered.catalog()).isSameAs(expected);
    assertThat(answered.stale()).isTrue();
    assertThat(answered.ageSeconds()).isEqualTo(TTL.plusSeconds(1).toSeconds());
    return answered.catalog();
  }

}
