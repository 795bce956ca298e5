package org.imagecache.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.imagecache.failure.NotFoundException;
import org.imagecache.files.ImageFileStore;
import org.imagecache.image.RemoteFile;
import org.imagecache.image.RemoteImage;
import org.imagecache.resolve.Downloads;
import org.jspecify.annotations.Nullable;

/**
 * This member's files for the other members of its tier (the peer path): what its store holds, or what
 * a download under way brings in, sent as it arrives. Never starts a download (a member asks here only
 * for what the database says this member holds or is downloading), so two members can never wait on
 * each other. Only a caller that shows the tier's secret (HTTP Basic, user {@code tier}) is served: the
 * path names any held file, which the public mirror paths do not.
 */
public final class PeerFiles {
  private final Vertx vertx;
  private final Downloads downloads;
  private final ImageFileStore files;
  private final Optional<byte[]> expected;

  /** What to send: the file (once whole, verified and in place), how long it is, and its bytes as they arrive while it is downloaded. */
  record Sending(MirrorFiles.Source source, long size) {}

  /** @param secret the tier's secret; empty on a single host, where the peer path serves nothing */
  public PeerFiles(Vertx vertx, Downloads downloads, ImageFileStore files, Optional<String> secret) {
    this.vertx = vertx;
    this.downloads = downloads;
    this.files = files;
    this.expected = secret.map(s -> ("Basic " + Base64.getEncoder().encodeToString(("tier:" + s).getBytes(StandardCharsets.UTF_8)))
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Whether this member is in a tier at all. */
  boolean enabled() {
    return expected.isPresent();
  }

  /** Whether the request's {@code Authorization} shows the tier's secret (compared in constant time). */
  boolean admits(@Nullable String authorization) {
    return authorization != null && expected.isPresent()
        && MessageDigest.isEqual(expected.get(), authorization.getBytes(StandardCharsets.UTF_8));
  }

  /** The file, arriving or held; fails with a 404 {@code not_held} when this member has neither. */
  Future<Sending> open(MirrorPath.PeerFile wanted) {
    Downloads.Flight flight = downloads.current(wanted.fingerprint());
    if (flight != null) {
      Optional<Sending> arriving = arriving(flight, wanted);
      if (arriving.isPresent()) {
        return Future.succeededFuture(arriving.get());
      }
    }
    Path path = pathOf(wanted);
    return vertx.executeBlocking(() -> {
      if (!Files.isRegularFile(path)) {
        throw new NotFoundException("not_held", "This member holds no file " + path.getFileName());
      }
      return new Sending(new MirrorFiles.Source(Future.succeededFuture(path), Optional.empty()), Files.size(path));
    }, false);
  }

  private Optional<Sending> arriving(Downloads.Flight flight, MirrorPath.PeerFile wanted) {
    RemoteImage image = flight.image();
    boolean unified = image.files().size() == 1;
    RemoteFile.Role role = wanted.second() ? RemoteFile.Role.ROOT : unified ? RemoteFile.Role.UNIFIED : RemoteFile.Role.META;
    if (wanted.second() && !image.layout().secondFileSuffix().orElse("").equals(wanted.suffix())) {
      return Optional.empty();
    }
    Optional<RemoteFile> file = image.files().stream().filter(f -> f.role() == role).findFirst();
    Path path = pathOf(wanted);
    Future<Path> held = flight.done().map(x -> path);
    return file.flatMap(f -> flight.arrival(role).map(a -> new Sending(new MirrorFiles.Source(held, Optional.of(a)), f.size())));
  }

  private Path pathOf(MirrorPath.PeerFile wanted) {
    return files.directory().resolve(wanted.fingerprint().hex() + wanted.suffix());
  }
}
