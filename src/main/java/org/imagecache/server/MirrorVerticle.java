package org.imagecache.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.TimeUnit;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.config.MirrorConfig;
import org.imagecache.mirror.MirrorCertificates;
import org.imagecache.mirror.MirrorHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTPS server on the mirror's address (the service deploys one per core, as for the API). A
 * connection that is not TLS, or whose handshake fails, is closed with at most a DEBUG line.
 */
final class MirrorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorVerticle.class);
  /** A handshake not done within this is dropped: a client that never finishes one holds nothing long. */
  static final int HANDSHAKE_TIMEOUT_SECONDS = 10;

  private final ImageCacheConfig.Listen listen;
  private final MirrorCertificates.ServerIdentity identity;
  private final MirrorConfig.Engine engine;
  private final MirrorHandler handler;
  private final ConnectionGuard guard;
  private @Nullable HttpServer server;

  MirrorVerticle(ImageCacheConfig.Listen listen, MirrorCertificates.ServerIdentity identity, MirrorConfig.Engine engine,
      MirrorHandler handler, ConnectionGuard guard) {
    this.listen = listen;
    this.identity = identity;
    this.engine = engine;
    this.handler = handler;
    this.guard = guard;
  }

  static HttpServerOptions options(MirrorCertificates.ServerIdentity identity, MirrorConfig.Engine engine) {
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false).setHttp2ClearTextEnabled(false)
        .setSsl(true).setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
        .setSslEngineOptions(engine == MirrorConfig.Engine.OPENSSL ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions())
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(identity.certificateChain()))
            .setKeyValue(Buffer.buffer(identity.privateKey())));
    identity.clientCa().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
        .setClientAuth(ClientAuth.REQUIRED));
    return options;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(options(identity, engine))
        .connectionHandler(guard.onConnection())
        .requestHandler(guard.around(handler))
        .exceptionHandler(e -> LOG.debug("mirror connection failed: {}", e.toString()))
        .listen(listen.port(), listen.host())
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(ImageCacheServer.DRAIN.toSeconds(), TimeUnit.SECONDS);
  }
}
