package org.imagecache.remote;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a remote may redirect a request: to its own origin (scheme, host and port of its URL), or to
 * one that {@code remotes.NAME.allow_redirects_to} lists; never from https to http, never to another
 * scheme. Plain Java, no I/O.
 */
public final class RedirectPolicy {
  /** A scheme, host and port; the port filled in from the scheme when the URL has none. */
  public record Origin(String scheme, String host, int port) {
    public static Origin of(URI uri) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
      return new Origin(scheme, host, port);
    }

    @Override
    public String toString() {
      return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final Origin home;
  private final List<Origin> allowed;

  public RedirectPolicy(URI remoteUrl, List<URI> allowRedirectsTo) {
    this.home = Origin.of(remoteUrl);
    this.allowed = allowRedirectsTo.stream().map(Origin::of).toList();
  }

  /** Why the redirect from {@code from} to {@code to} is refused; empty when it may be followed. */
  public Optional<String> refusal(URI from, URI to) {
    Origin source = Origin.of(from);
    Origin target = Origin.of(to);
    if (!target.scheme().equals("http") && !target.scheme().equals("https")) {
      return Optional.of("to a " + (target.scheme().isEmpty() ? "relative" : target.scheme() + ":") + " URL, which is never followed");
    }
    if (target.host().isEmpty()) {
      return Optional.of("to a URL without a host");
    }
    if (source.scheme().equals("https") && target.scheme().equals("http")) {
      return Optional.of("from https to plain http (" + target + "), which is never followed");
    }
    if (!target.equals(home) && !allowed.contains(target)) {
      return Optional.of("to " + target + ", another origin than the remote's " + home + " (allow it with allow_redirects_to)");
    }
    return Optional.empty();
  }
}
