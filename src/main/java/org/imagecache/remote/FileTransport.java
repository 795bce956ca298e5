package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.DocumentTooLargeException;
import org.imagecache.failure.RemoteException;
import org.imagecache.failure.RemoteFileMissingException;

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
      throw new RemoteFileMissingException(remote.name(), "Remote " + remote.name() + " has no " + path);
    }
    // size, modification time to the nanosecond and the file's identity (a file moved into place is a
    // new inode): a document rewritten in the same second, or rolled back to an older copy, differs
    String etag = "\"" + attrs.size() + "-" + attrs.lastModifiedTime().toInstant() + "-" + attrs.fileKey() + "\"";
    if (etag.equals(previous.etag())) {
      return new Fetched(path, null, etag);
    }
    if (attrs.size() > maxBytes) {
      throw new DocumentTooLargeException(remote.name(), "Remote " + remote.name() + ": " + path + " is larger than the bound of " + maxBytes + " bytes");
    }
    return new Fetched(path, Files.readAllBytes(file), etag);
  }

  @Override
  public Future<Void> download(String path, long expectedBytes, FileSink sink, Cancellation cancel) {
    Path file;
    try {
      file = pathOf(path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    return sink.receive(() -> {
      copy(path, file, expectedBytes, sink, cancel);
      return null;
    });
  }

  /** Reads the file straight into the sink's buffer, on the sink's thread. */
  private void copy(String path, Path file, long expected, FileSink sink, Cancellation cancel) {
    RemoteException.Factory errors = new RemoteException.Factory(remote.name(), path);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      if (size != expected) {
        throw errors.sizeMismatch("the file has " + size + " bytes, the catalog says " + expected);
      }
      for (long got = 0; got < expected; ) {
        if (cancel.isCancelled()) {
          throw cancel.failure("Download of " + path);
        }
        ByteBuffer room = FileSink.call(sink::room);
        int n = in.read(room);
        if (n < 0) {
          throw errors.sizeMismatch("the file ended after " + got + " of " + expected + " bytes");
        }
        got += n;
        sink.arrived(n);
        FileSink.run(() -> sink.filled(n));
      }
    } catch (NoSuchFileException e) {
      throw new RemoteFileMissingException(remote.name(), "Remote " + remote.name() + " has no " + path);
    } catch (IOException e) {
      throw RemoteException.unavailable(remote.name(), "Remote " + remote.name() + ": reading " + path + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    // nothing held open
  }
}
