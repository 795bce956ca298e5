package org.imagecache.resolve;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.imagecache.files.FileVerificationException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.files.PartialFile;
import org.imagecache.operations.Operation;
import org.imagecache.remote.ChunkSink;
import org.imagecache.remote.simplestreams.CatalogFile;
import org.imagecache.remote.simplestreams.CatalogImage;

/**
 * The files of one image being downloaded: each streams into its own temp file (size and SHA-256
 * checked), all of them also into the combined SHA-256 that must equal the fingerprint; then every
 * file is moved into place. The sinks run on a worker thread, one file after the other.
 */
final class ImageDownload {
  private final ImageFileStore files;
  private final CatalogImage image;
  private final Operation operation;
  private final MessageDigest combined = PartialFile.sha256();
  private final List<PartialFile> partials = new ArrayList<>();

  ImageDownload(ImageFileStore files, CatalogImage image, Operation operation) {
    this.files = files;
    this.image = image;
    this.operation = operation;
  }

  CatalogImage image() {
    return image;
  }

  /** The sink for one of the image's files, in {@code image.files()} order. */
  ChunkSink sinkFor(CatalogFile file) {
    return new ChunkSink() {
      private PartialFile partial;

      @Override
      public void write(Buffer chunk) {
        if (partial == null) {
          partial = begin(file);
        }
        byte[] bytes = chunk.getBytes();
        partial.write(ByteBuffer.wrap(bytes));
        combined.update(bytes);
      }

      @Override
      public void arrived(int bytes) {
        operation.addProgress(bytes);
      }
    };
  }

  private synchronized PartialFile begin(CatalogFile file) {
    Path target = file.role() == CatalogFile.Role.ROOT ? files.rootfsPath(image.fingerprint()) : files.metaPath(image.fingerprint());
    PartialFile p = files.begin(target, file.size(), file.sha256());
    partials.add(p);
    return p;
  }

  /** Checks every file and the fingerprint, then moves the files into place (rootfs first, metadata last). Blocking. */
  void verifyAndCommit() {
    if (partials.size() != image.files().size()) {
      throw new FileVerificationException("size_mismatch", "Failed verifying image " + image.fingerprint() + ": a file was empty or missing");
    }
    partials.forEach(PartialFile::verify);
    String actual = HexFormat.of().formatHex(combined.digest());
    if (!actual.equals(image.fingerprint().hex())) {
      throw new FileVerificationException("fingerprint_mismatch", "Failed verifying image " + image.fingerprint()
          + ": the SHA-256 of its files is " + actual);
    }
    for (int i = partials.size() - 1; i >= 0; i--) {
      partials.get(i).commit();
    }
  }

  /** Removes every temp file not yet committed. Blocking. */
  void discard() {
    partials.forEach(PartialFile::discard);
  }
}
