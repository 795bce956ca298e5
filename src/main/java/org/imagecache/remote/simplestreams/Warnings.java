package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a catalog build skipped and why, without repeats, bounded so that a hostile catalog cannot
 * make the list itself a problem.
 */
final class Warnings {
  static final int LIMIT = 200;

  private final Set<String> messages = new LinkedHashSet<>();
  private int dropped;

  void add(String message) {
    if (messages.size() < LIMIT) {
      messages.add(message);
    } else if (!messages.contains(message)) {
      dropped++;
    }
  }

  void addAll(List<String> more) {
    more.forEach(this::add);
  }

  /** Catalog text as a warning quotes it: control characters escaped, at most 64 characters. */
  static String quote(String text) {
    return org.imagecache.failure.ImageCacheException.clip(text);
  }

  List<String> list() {
    List<String> out = new ArrayList<>(messages);
    if (dropped > 0) {
      out.add("... and " + dropped + " more warnings");
    }
    return List.copyOf(out);
  }
}
