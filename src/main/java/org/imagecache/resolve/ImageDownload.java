package org.imagecache.resolve;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.imagecache.failure.FileVerificationException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.Lane;
import org.imagecache.files.LanePool;
import org.imagecache.files.PartialFile;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.imagecache.operations.Operation;
import org.imagecache.remote.FileSink;
import org.jspecify.annotations.Nullable;

/**
 * The files of one image being downloaded, on one lane: each file's bytes are read straight into its
 * temp file's staging buffer (see {@link FileSink}), added there to the combined SHA-256 that must
 * equal the fingerprint, and written from it. Once every byte is in, the lane seals each file (exact
 * size, forced to disk), compares the fingerprint, moves the files into place and syncs the
 * directory; after a failure it removes the temp files. Everything that touches the files runs on that
 * lane, in order, so a removal never races a write.
 *
 * <p>The catalog's per-file SHA-256 is not computed on the way: the fingerprint over the files in
 * order, with each file's exact size, pins every byte of each (see the README's design decisions).
 * Only when the fingerprint does not match are the files read back, to name the one that is wrong.
 */
final class ImageDownload {
  private final ImageFileStore files;
  private final RemoteImage image;
  private final Operation operation;
  private final Lane lane;
  /** Touched on the lane only. */
  private final MessageDigest combined = PartialFile.sha256();
  /** Touched on the lane only. */
  private final List<Written> written = new ArrayList<>();
  /** Where the outcomes of the lane's work are handed back. */
  private final Context context;
  /** Each file as it arrives, for readers that send it on meanwhile (told on the lane). */
  private final Map<RemoteFile.Role, FileArrival> arrivals;

  private record Written(RemoteFile file, PartialFile partial) {}

  ImageDownload(Context context, ImageFileStore files, RemoteImage image, Operation operation, LanePool lanes,
      Map<RemoteFile.Role, FileArrival> arrivals) {
    this.context = context;
    this.arrivals = arrivals;
    this.files = files;
    this.image = image;
    this.operation = operation;
    this.lane = lanes.lane();
  }

  RemoteImage image() {
    return image;
  }

  /** The sink for one of the image's files, in {@code image.files()} order (one file at a time). */
  FileSink sinkFor(RemoteFile file) {
    return new Sink(file, arrivals.get(file.role()));
  }

  /**
   * One file, taken on the lane: hashed where it was read in, then written from there once the buffer
   * is full, or, while a reader follows the file as it arrives (the mirror's pull-through), as soon as
   * the transport has caught up with the sender: a slow body then reaches the reader as it comes.
   */
  private final class Sink implements FileSink {
    private final RemoteFile file;
    private final @Nullable FileArrival arrival;
    /** Null until the first bytes. */
    private @Nullable PartialFile partial;

    Sink(RemoteFile file, @Nullable FileArrival arrival) {
      this.file = file;
      this.arrival = arrival;
    }

    @Override
    public <T> Future<T> receive(Callable<T> reception) {
      return future(lane.submit(reception));
    }

    @Override
    public ByteBuffer room() {
      return partial().room();
    }

    @Override
    public void filled(int n) {
      if (n == 0) {
        return;
      }
      PartialFile p = partial();
      ByteBuffer room = p.room();
      combined.update(room.limit(room.position() + n));
      long before = p.written();
      p.filled(n);
      tell(p, before);
    }

    @Override
    public void caughtUp() {
      PartialFile p = partial;
      if (p != null && arrival != null && arrival.followed()) {
        long before = p.written();
        p.flush();
        tell(p, before);
      }
    }

    /** Tells a follower of the file how far it is written, when that moved. */
    private void tell(PartialFile p, long before) {
      if (arrival != null && p.written() != before) {
        arrival.wrote(p.written());
      }
    }

    @Override
    public void arrived(int bytes) {
      operation.addProgress(bytes);
    }

    private PartialFile partial() {
      PartialFile p = partial;
      if (p == null) {
        p = begin(file);
        partial = p;
        if (arrival != null) {
          arrival.begun(p.temp());
        }
      }
      return p;
    }
  }

  private PartialFile begin(RemoteFile file) {
    Path target = file.role() == RemoteFile.Role.ROOT ? files.secondPath(image.fingerprint(), image.layout()) : files.metaPath(image.fingerprint());
    PartialFile p = files.begin(target, file.size());
    written.add(new Written(file, p));
    return p;
  }

  /**
   * Seals every file, checks the fingerprint, then moves the files into place (rootfs first, metadata
   * last) and syncs the directory; on a failure the temp files are removed first. Call once every
   * file's reception has completed.
   */
  Future<Void> verifyAndCommit() {
    return future(lane.run(() -> {
      try {
        commit(HexFormat.of().formatHex(combined.digest()));
      } catch (RuntimeException e) {
        discardAll();
        throw e;
      }
    }));
  }

  private void commit(String actual) {
    if (written.size() != image.files().size()) {
      throw new FileVerificationException("size_mismatch", "Failed verifying image " + image.fingerprint() + ": a file was empty or missing");
    }
    written.forEach(w -> w.partial().seal());
    if (!actual.equals(image.fingerprint().hex())) {
      throw mismatch(actual);
    }
    for (int i = written.size() - 1; i >= 0; i--) {
      written.get(i).partial().commit();
    }
    files.syncDirectory();
  }

  /** Which file is wrong (its own SHA-256, read back), else the combination of files that each verify. */
  private FileVerificationException mismatch(String actual) {
    for (Written w : written) {
      String own = w.partial().digestOnDisk();
      if (!own.equals(w.file().sha256())) {
        return new FileVerificationException("hash_mismatch", "Failed verifying " + basename(w.file()) + " of image "
            + image.fingerprint().shortForm() + ": SHA-256 is " + own + ", expected " + w.file().sha256());
      }
    }
    return new FileVerificationException("fingerprint_mismatch", "Failed verifying image " + image.fingerprint()
        + ": the SHA-256 of its files is " + actual);
  }

  private static String basename(RemoteFile file) {
    return file.path().substring(file.path().lastIndexOf('/') + 1);
  }

  /** Removes every temp file not yet committed, after every write given before it. */
  Future<Void> discard() {
    return future(lane.run(this::discardAll));
  }

  private void discardAll() {
    written.forEach(w -> w.partial().discard());
  }

  private <T> Future<T> future(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e));
  }
}
