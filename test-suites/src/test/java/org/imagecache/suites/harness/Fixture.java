package org.imagecache.suites.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A stream served over HTTP and a service configured with it as remote {@code fixture}. */
public final class Fixture implements AutoCloseable {
  public final Path streamDir;
  public final StreamServer server;
  public final ImageCacheProcess service;
  public final Map<String, String> fingerprints;

  private Fixture(Path streamDir, StreamServer server, ImageCacheProcess service, Map<String, String> fingerprints) {
    this.streamDir = streamDir;
    this.server = server;
    this.service = service;
    this.fingerprints = fingerprints;
  }

  /** A stream of testos/1 for amd64 with these versions, a server for it, and a started service. */
  public static Fixture start(Path work, String extraYaml, String... versions) throws IOException, InterruptedException {
    Path stream = work.resolve("stream");
    Map<String, String> fps = Streams.make(stream, "amd64", "256KiB", versions);
    StreamServer server = StreamServer.serve(stream);
    ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + server.url() + "\n    catalog_ttl: 1h\n" + extraYaml);
    try {
      svc.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new Fixture(stream, server, svc, fps);
  }

  /** A lookup body for the fixture remote. */
  public static String lookup(String alias) {
    return "{\"remote\":\"fixture\",\"alias\":\"" + alias + "\"}";
  }

  /** A lookup body for the fixture remote, by fingerprint. */
  public static String lookupByFingerprint(String fingerprint) {
    return "{\"remote\":\"fixture\",\"fingerprint\":\"" + fingerprint + "\"}";
  }

  @Override
  public void close() throws InterruptedException {
    try {
      service.close();
    } finally {
      server.close();
    }
  }
}
