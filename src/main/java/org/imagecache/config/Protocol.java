package org.imagecache.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The protocols a remote may speak; checked once, where a name is read (the configuration, a request). */
public enum Protocol {
  SIMPLESTREAMS;

  /** The name as LXD writes it (configuration, API, image sources): {@code simplestreams}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The protocol of that name, if it is one. */
  public static Optional<Protocol> of(String wireName) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(wireName)).findFirst();
  }

  /** Every protocol's name, for messages: {@code simplestreams}. */
  public static String names() {
    return Arrays.stream(values()).map(Protocol::wireName).collect(Collectors.joining(", "));
  }
}
