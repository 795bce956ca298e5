package org.imagecache.cli;

/** A failure the CLI reports as one line and exit code 1. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
