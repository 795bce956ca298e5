package org.imagecache.cli;

import java.util.Locale;

/** A download's progress as one line: a bar for a terminal, plain text for logs. */
record ProgressLine(long bytes, long total, long speed) {
  static final int BAR_WIDTH = 30;

  /** The share done, from 0 to 100; 0 when the total is unknown. */
  int percent() {
    return total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
  }

  /** {@code [#########.....]  45%  230.4KiB/512.0KiB  1.2MiB/s  ETA 3s} */
  String bar() {
    int filled = total > 0 ? (int) Math.min(BAR_WIDTH, bytes * BAR_WIDTH / total) : 0;
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + text();
  }

  /** {@code 45%  230.4KiB/512.0KiB  1.2MiB/s  ETA 3s} */
  String text() {
    return String.format(Locale.ROOT, "%3d%%  %s/%s  %s  ETA %s", percent(), Formats.size(bytes),
        total > 0 ? Formats.size(total) : "?", Formats.speed(speed), total > 0 ? Formats.eta(total - bytes, speed) : "--");
  }

  /** The last line once it is over: {@code 100%  512.0KiB  1.2MiB/s  done} ({@code nothing to download} when the service had it). */
  String done() {
    if (bytes == 0 && total == 0) {
      return "100%  nothing to download  done";
    }
    return String.format(Locale.ROOT, "100%%  %s  %s  done", Formats.size(Math.max(bytes, total)), Formats.speed(speed));
  }
}
