package org.imagecache.cli;

import java.io.PrintWriter;

/** Where progress goes: one redrawn line on a terminal, or plain lines (one every few seconds) otherwise. */
interface ProgressView {
  void update(ProgressLine line);

  /** The final line; {@code success} false leaves the last state shown. */
  void finish(ProgressLine line, boolean success);

  /** Watching stops before the end (Ctrl-C): what is shown stays, and the next output starts on a line of its own. */
  void abandon();

  /** A bar redrawn in place with a carriage return. */
  final class Live implements ProgressView {
    private final PrintWriter out;
    private int width;

    Live(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void update(ProgressLine line) {
      draw(line.bar());
    }

    @Override
    public void finish(ProgressLine line, boolean success) {
      draw(success ? line.done() : line.bar());
      out.println();
      out.flush();
    }

    @Override
    public void abandon() {
      out.println();
      out.flush();
    }

    private void draw(String text) {
      out.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
      width = text.length();
      out.flush();
    }
  }

  /** Plain lines for logs and pipes: the first at once, then one every 5 seconds, plus the final one. */
  final class Plain implements ProgressView {
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private final PrintWriter out;
    private long lastPrinted = System.nanoTime() - INTERVAL_NANOS;

    Plain(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void update(ProgressLine line) {
      long now = System.nanoTime();
      if (now - lastPrinted >= INTERVAL_NANOS) {
        lastPrinted = now;
        out.println(line.text());
        out.flush();
      }
    }

    @Override
    public void finish(ProgressLine line, boolean success) {
      if (success) {
        out.println(line.done());
        out.flush();
      }
    }

    @Override
    public void abandon() {
      // plain lines end with their newline
    }
  }
}
