package org.imagecache.remote;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.imagecache.config.RemoteConfig;
import org.imagecache.failure.CancelledException;
import org.imagecache.image.RemoteFile;
import org.jspecify.annotations.Nullable;

/**
 * One place a remote's catalog and files come from: one of its mirrors (with a {@link SourceBreaker}
 * and the mirror budgets in its transport), or the remote itself, the last resort. Counts the bytes
 * it sent.
 */
public final class Source implements RemoteSource {
  private final String label;
  private final RemoteConfig config;
  private final Transport transport;
  private final RemoteCatalog catalog;
  private final @Nullable SourceBreaker breaker;
  private final Clock clock;
  private final LongAdder bytes = new LongAdder();

  Source(String label, RemoteConfig config, Transport transport, RemoteCatalog catalog, @Nullable SourceBreaker breaker, Clock clock) {
    this.label = label;
    this.config = config;
    this.transport = transport;
    this.catalog = catalog;
    this.breaker = breaker;
    this.clock = clock;
  }

  /** {@code mirror https://site:8443/images/}, or {@code upstream}: what logs and events name it by. */
  public String label() {
    return label;
  }

  @Override
  public String describe() {
    return config.name().replaceFirst("~mirror\\d+$", "") + " " + label;
  }

  @Override
  public RemoteConfig config() {
    return config;
  }

  RemoteCatalog catalog() {
    return catalog;
  }

  Transport transport() {
    return transport;
  }

  /** The breaker's view (empty for the upstream, which is always tried). */
  public Optional<SourceBreaker.View> breaker() {
    return breaker == null ? Optional.empty() : Optional.of(breaker.view());
  }

  /** File bytes this source has sent. */
  public long bytes() {
    return bytes.sum();
  }

  /** Whether a request may try this source now (always, for the upstream). */
  boolean usable() {
    return breaker == null || breaker.tryUse(clock.instant());
  }

  void succeeded() {
    if (breaker != null) {
      breaker.succeeded();
    }
  }

  void failed(Throwable e) {
    if (breaker != null && !(e instanceof CancelledException)) {
      breaker.failed(clock.instant(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  @Override
  public Future<Void> download(RemoteFile file, FileSink sink, Cancellation cancel) {
    FileSink counting = FileSink.observing(sink, bytes::add);
    return transport.download(file.path(), file.size(), counting, cancel).onSuccess(v -> succeeded()).onFailure(e -> {
      if (org.imagecache.failure.ImageCacheException.isRemoteFault(e)) {
        failed(e); // the sink's own failure (our disk) is no fault of the source
      }
    });
  }

  @Override
  public void sentWrongBytes(Throwable why) {
    failed(why);
  }

  @Override
  public void fileMissing() {
    catalog.invalidate();
  }
}
