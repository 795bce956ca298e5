package org.imagecache.cli;

/** A failure the CLI reports as one line and exit code 1; {@link #reason()} is the service's error reason, if any. */
public final class CliException extends RuntimeException {
  private final String reason;

  public CliException(String message) {
    this(message, "");
  }

  public CliException(String message, String reason) {
    super(message);
    this.reason = reason == null ? "" : reason;
  }

  /** The API's {@code metadata.reason} (e.g. {@code prune_running}); empty when none. */
  public String reason() {
    return reason;
  }
}
