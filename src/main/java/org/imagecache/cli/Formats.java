package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imagecache.config.Sizes;

/** How the CLI shows sizes, shares, durations and the API's image fields in tables. */
final class Formats {
  private Formats() {}

  /** {@code 1.5GiB}, {@code 300B}. */
  static String size(long bytes) {
    return Sizes.human(bytes);
  }

  /** A share as a whole percentage, as docker prints it: {@code 0.4 -> 40%}. */
  static String percent(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "0%";
    }
    return Math.round(ratio * 100) + "%";
  }

  /** A part with its share of the whole, as {@code docker system df} prints RECLAIMABLE: {@code 1.2MiB (40%)}. */
  static String sizeWithShare(long part, long whole) {
    return size(part) + " (" + percent(whole <= 0 ? 0 : (double) part / whole) + ")";
  }

  /** {@code 1.2MiB/s}. */
  static String speed(long bytesPerSecond) {
    return size(Math.max(0, bytesPerSecond)) + "/s";
  }

  /** Time left at this speed: {@code 45s}, {@code 2m05s}, {@code 1h02m}; {@code --} when unknown. */
  static String eta(long remainingBytes, long bytesPerSecond) {
    if (bytesPerSecond <= 0 || remainingBytes < 0) {
      return "--";
    }
    return duration((remainingBytes + bytesPerSecond - 1) / bytesPerSecond);
  }

  /** {@code 45s}, {@code 2m05s}, {@code 1h02m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  /** The first 12 characters of a fingerprint. */
  static String shortFingerprint(String fingerprint) {
    return fingerprint == null ? "" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }

  /** An API timestamp as an age: {@code 3m ago}; {@code never} when absent. */
  static String ago(JsonNode timestamp, Instant now) {
    if (timestamp == null || !timestamp.isTextual() || timestamp.asText().isEmpty()) {
      return "never";
    }
    try {
      Instant at = Instant.parse(timestamp.asText());
      return Ages.human(Math.max(0, Duration.between(at, now).getSeconds())) + " ago";
    } catch (java.time.format.DateTimeParseException e) {
      return timestamp.asText();
    }
  }

  /** An API timestamp as {@code 2026-11-01 12:00:05} (UTC); empty when absent. */
  static String time(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual()) {
      return "";
    }
    String t = timestamp.asText().replace('T', ' ');
    int dot = t.indexOf('.');
    return (dot > 0 ? t.substring(0, dot) : t.replace("Z", "")).replace("Z", "");
  }

  /** Alias names (objects with {@code name}, or strings), comma-separated. */
  static String names(JsonNode aliases) {
    List<String> out = new ArrayList<>();
    aliases.forEach(a -> out.add(a.isTextual() ? a.asText() : a.path("name").asText()));
    return String.join(",", out);
  }

  /** Strings of a JSON array, comma-separated. */
  static String list(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(",", out);
  }
}
