package org.imagecache.failure;

import java.util.Optional;
import java.util.function.Predicate;

/** Questions about a failure's cause chain, asked the same way wherever a library's exception is turned into ours. */
public final class Causes {
  private Causes() {}

  /** The first throwable in the chain, {@code e} included, that matches; a cause that is its own cause ends the walk. */
  public static Optional<Throwable> find(Throwable e, Predicate<Throwable> which) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (which.test(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether any throwable in the chain matches. */
  public static boolean any(Throwable e, Predicate<Throwable> which) {
    return find(e, which).isPresent();
  }

  /** The innermost cause's message (its class's simple name when it has none): what a one-line message quotes. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return m == null ? root.getClass().getSimpleName() : m;
  }
}
