package org.imagecache.cluster;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.config.RemoteConfig;
import org.imagecache.image.FileLayout;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.Peer;
import org.imagecache.remote.HttpTransport;
import org.imagecache.remote.RemoteSource;

/**
 * The other members' mirror listeners as sources: one HTTP client per member, pinned to the
 * certificate the member published, with the tier's secret, and a mirror's short budgets (connect 1 s,
 * headers 5 s, stall 10 s): a member that is gone fails fast and the claim decides who downloads.
 */
final class Peers implements AutoCloseable {
  private final Vertx vertx;
  private final String secret;
  private final Map<Peer, HttpTransport> transports = new ConcurrentHashMap<>();

  Peers(Vertx vertx, String secret) {
    this.vertx = vertx;
    this.secret = secret;
  }

  /** The member as the source of one image's files. */
  RemoteSource source(Peer peer, Fingerprint fp, FileLayout layout) {
    RemoteConfig config = configOf(peer);
    HttpTransport transport = transports.computeIfAbsent(peer, p -> HttpTransport.forMirror(vertx, config, config.failover()));
    return new PeerSource(peer, config, transport, fp, layout);
  }

  private RemoteConfig configOf(Peer peer) {
    URI address = URI.create(peer.address());
    URI withSecret = URI.create(address.getScheme() + "://tier:" + secret + "@" + address.getRawAuthority() + Optional.ofNullable(address.getRawPath()).orElse(""));
    RemoteConfig.Builder b = RemoteConfig.builder("member-" + peer.name(), withSecret);
    RemoteConfig defaults = b.build();
    return b.certificate(peer.certificate().isEmpty() ? Optional.empty() : Optional.of(peer.certificate()))
        .connectTimeout(defaults.failover().connect()).idleTimeout(defaults.failover().stall()).build();
  }

  @Override
  public void close() {
    transports.values().forEach(HttpTransport::close);
    transports.clear();
  }
}
