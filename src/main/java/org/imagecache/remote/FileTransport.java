package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.imagecache.config.RemoteConfig;

/**
 * Reads a remote from a mirror directory ({@code file:} URL). A file's ETag is its size, modification
 * time and identity, so an unchanged file is "not modified" as over HTTP.
 */
public final class FileTransport implements Transport {
  private final Vertx vertx;
  private final RemoteConfig remote;
  private final URI base;

  public FileTransport(Vertx vertx, RemoteConfig remote) {
    this.vertx = vertx;
    this.remote = remote;
    this.base = remote.baseUrl();
  }

  /** The local path of a catalog path (checked not to leave the mirror). */
  Path pathOf(String path) {
    return Path.of(RemotePaths.resolve(remote.name(), base, path));
  }

  @Override
  public Future<Fetched> fetch(String path, Fetched.Validators previous, long maxBytes) {
    Path file;
    try {
      file = pathOf(path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> read(path, file, previous, maxBytes), false);
  }

  private Fetched read(String path, Path file, Fetched.Validators previous, long maxBytes) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw RemoteException.badAnswer(remote.name(), "remote_file_missing", "Remote " + remote.name() + " has no " + path);
    }
    // size, modification time to the nanosecond and the file's identity (a file moved into place is a
    // new inode): a document rewritten in the same second, or rolled back to an older copy, differs
    String etag = "\"" + attrs.size() + "-" + attrs.lastModifiedTime().toInstant() + "-" + attrs.fileKey() + "\"";
    if (etag.equals(previous.etag())) {
      return new Fetched(path, null, etag);
    }
    if (attrs.size() > maxBytes) {
      throw RemoteException.badAnswer(remote.name(), "catalog_too_large",
          "Remote " + remote.name() + ": " + path + " is larger than the bound of " + maxBytes + " bytes");
    }
    return new Fetched(path, Files.readAllBytes(file), etag);
  }

  @Override
  public Future<Void> download(String path, long expectedBytes, ChunkSink sink, Cancellation cancel) {
    Path file;
    try {
      file = pathOf(path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    RemoteException.Factory errors = new RemoteException.Factory(remote.name(), path);
    return vertx.executeBlocking(() -> {
      copy(file, path, expectedBytes, sink, cancel, errors);
      return null;
    }, false);
  }

  private void copy(Path file, String path, long expected, ChunkSink sink, Cancellation cancel, RemoteException.Factory errors) throws Exception {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw RemoteException.badAnswer(remote.name(), "remote_file_missing", "Remote " + remote.name() + " has no " + path);
    }
    if (size != expected) {
      throw errors.sizeMismatch("the file has " + size + " bytes, the catalog says " + expected);
    }
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      long total = 0;
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        if (cancel.isCancelled()) {
          throw cancel.failure("Download of " + path);
        }
        total += n;
        if (total > expected) {
          throw errors.sizeMismatch("more than the advertised " + expected + " bytes");
        }
        sink.arrived(n);
        sink.write(io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOf(buf, n)));
      }
      if (total != expected) {
        throw errors.sizeMismatch("the file ended after " + total + " of " + expected + " bytes");
      }
    }
  }

  @Override
  public void close() {
    // nothing held open
  }
}
