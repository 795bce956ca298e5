package org.imagecache.remote;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
  /** Bytes per read of a mirror file: under half a G1 region of a small heap, so never a humongous buffer. */
  private static final int READ_BYTES = 256 * 1024;
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
  public Future<Void> download(String path, long expectedBytes, ChunkSink sink, Cancellation cancel) {
    Path file;
    try {
      file = pathOf(path);
    } catch (RemoteException e) {
      return Future.failedFuture(e);
    }
    RemoteException.Factory errors = new RemoteException.Factory(remote.name(), path);
    return HttpTransport.onContext(vertx, () -> vertx.fileSystem().props(file.toString())
        .recover(e -> Future.failedFuture(e instanceof io.vertx.core.file.FileSystemException && e.getCause() instanceof NoSuchFileException
            ? new RemoteFileMissingException(remote.name(), "Remote " + remote.name() + " has no " + path) : e))
        .compose(props -> props.size() != expectedBytes
            ? Future.failedFuture(errors.sizeMismatch("the file has " + props.size() + " bytes, the catalog says " + expectedBytes))
            : vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false)))
        .compose(in -> {
          in.setReadBufferSize(READ_BYTES);
          SinkPump pump = new SinkPump(in, expectedBytes, sink, errors, () -> in.pause());
          Future<Void> copied = pump.run();
          pump.stopOn(cancel, "Download of " + path);
          return copied.eventually(() -> in.close().otherwise((Void) null));
        }));
  }

  @Override
  public void close() {
    // nothing held open
  }
}
