package org.imagecache.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.imagecache.image.ImageDetails;
import org.jspecify.annotations.Nullable;

/**
 * A local image in LXD's shape, plus imagecache's own fields (pinned, leases, project, and
 * {@code locations}: the members of the database that hold its files, as LXD's cluster lists them).
 */
public record ImageView(
    String fingerprint,
    String project,
    List<RemoteRoutes.AliasView> aliases,
    String architecture,
    String type,
    long size,
    String filename,
    boolean cached,
    boolean autoUpdate,
    boolean pinned,
    Map<String, String> properties,
    @Nullable Instant createdAt,
    Instant uploadedAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant nextUpdateAt,
    @Nullable UpdateSource updateSource,
    List<LeaseRoutes.LeaseView> leases,
    List<String> usedBy,
    List<FileView> files,
    List<String> locations) {

  /** LXD's update_source. */
  public record UpdateSource(String alias, String certificate, String protocol, String server) {}

  /**
   * One of the image's files (see {@link org.imagecache.image.ImageFile}); {@code role} is {@code metadata},
   * {@code rootfs}, {@code disk} or {@code unified}.
   */
  public record FileView(String role, String ftype, long size, String sha256, String basename) {}

  static ImageView of(ImageDetails d) {
    var i = d.image();
    return new ImageView(i.fingerprint().hex(), i.project(),
        d.aliases().stream().map(a -> new RemoteRoutes.AliasView(a.name(), a.description())).toList(),
        i.architecture(), i.type().wireName(), i.size(), i.filename(), i.cached(), i.autoUpdate(), i.pinned(),
        d.properties(), i.createdAt(), i.uploadedAt(), i.lastUsedAt(), i.nextUpdateAt(),
        d.source().map(s -> new UpdateSource(s.alias(), s.certificate(), s.protocol(), s.server())).orElse(null),
        d.leases().stream().map(l -> LeaseRoutes.LeaseView.of(new org.imagecache.resolve.Leases.Held(l, i.fingerprint().hex()))).toList(),
        d.leases().stream().map(ImageView::holding).distinct().toList(),
        d.files().stream().map(f -> new FileView(f.role().wireName(), f.ftype(), f.size(), f.sha256(), f.basename())).toList(),
        d.locations());
  }

  /** What a lease holds the image for, in words: {@code launch lease until T}, {@code instance NAME}. */
  static String holding(org.imagecache.image.Lease lease) {
    return switch (lease.kind()) {
      case LAUNCH -> "launch lease until " + lease.expiresAt();
      case INSTANCE -> "instance " + lease.holder();
    };
  }
}
