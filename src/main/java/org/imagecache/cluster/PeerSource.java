package org.imagecache.cluster;

import io.vertx.core.Future;
import org.imagecache.config.RemoteConfig;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Peer;
import org.imagecache.image.RemoteFile;
import org.imagecache.remote.Cancellation;
import org.imagecache.remote.FileSink;
import org.imagecache.remote.RemoteSource;
import org.imagecache.remote.Transport;

/**
 * One image's files from another member of the tier: its mirror listener's peer path
 * ({@code _tier/images/<store name>}), which sends what that member holds, or what it is downloading as
 * it arrives. The bytes are verified here as any remote's are.
 */
final class PeerSource implements RemoteSource {
  /** Where a member's files are on its mirror listener, relative to its address. */
  static final String PATH = "_tier/images/";

  private final Peer peer;
  private final RemoteConfig config;
  private final Transport transport;
  private final Fingerprint fingerprint;
  private final FileLayout layout;

  PeerSource(Peer peer, RemoteConfig config, Transport transport, Fingerprint fingerprint, FileLayout layout) {
    this.peer = peer;
    this.config = config;
    this.transport = transport;
    this.fingerprint = fingerprint;
    this.layout = layout;
  }

  /** The name of a file of the image in a member's store: {@code <fp>}, or {@code <fp>.rootfs} or {@code <fp>.disk} beside it. */
  static String storeName(Fingerprint fp, FileLayout layout, RemoteFile.Role role) {
    return role == RemoteFile.Role.ROOT ? fp.hex() + layout.secondFileSuffix().orElse("") : fp.hex();
  }

  @Override
  public RemoteConfig config() {
    return config;
  }

  @Override
  public Future<Void> download(RemoteFile file, FileSink sink, Cancellation cancel) {
    return transport.download(PATH + storeName(fingerprint, layout, file.role()), file.size(), sink, cancel);
  }

  @Override
  public void fileMissing() {
    // the member no longer holds it (pruned, or its download failed): the tier's claim decides what next
  }

  @Override
  public String describe() {
    return "member " + peer.name() + " (" + peer.address() + ")";
  }
}
