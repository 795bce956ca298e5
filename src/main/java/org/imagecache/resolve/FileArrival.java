package org.imagecache.resolve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One file of a download as it arrives, for a reader that sends it on while it is written (the
 * mirror's pull-through): the temp file its bytes go to, how many of them are written there, and how
 * the download ended. Bytes counted here are in the temp file (its page cache) and may be read back
 * through a handle opened on it; that handle stays good when the verified file is moved into place (the
 * same inode). Only once the whole image is {@code VERIFIED} may a reader send a file's last byte: until
 * then the file may yet prove wrong. Safe to use from any thread.
 */
public final class FileArrival {
  /** How far the file got. */
  public enum Outcome {
    /** Still being written (or not yet begun). */
    ARRIVING,
    /** The image verified and its files are in place (perhaps without this flight writing them: they were here). */
    VERIFIED,
    /** The download failed: what was written must never be sent whole. */
    FAILED
  }

  /** What a reader sees at one moment: the temp file the bytes are in, how many, how the download ended. */
  public record Progress(Optional<Path> file, long written, Outcome outcome) {}

  private @Nullable Path temp;
  private long written;
  private Outcome outcome = Outcome.ARRIVING;
  private final List<Runnable> listeners = new ArrayList<>();

  public synchronized Progress progress() {
    return new Progress(Optional.ofNullable(temp), written, outcome);
  }

  /**
   * Runs {@code listener} after each change from now on (on the thread that made it: it must only
   * schedule work); it runs once at once, so that a change just before registering is not missed.
   */
  public void onChange(Runnable listener) {
    synchronized (this) {
      listeners.add(listener);
    }
    listener.run();
  }

  /** Whether a reader follows the file now. */
  synchronized boolean followed() {
    return !listeners.isEmpty();
  }

  public void removeListener(Runnable listener) {
    synchronized (this) {
      listeners.remove(listener);
    }
  }

  void begun(Path tempFile) {
    change(() -> temp = tempFile);
  }

  void wrote(long total) {
    change(() -> written = total);
  }

  void verified() {
    change(() -> {
      if (outcome == Outcome.ARRIVING) {
        outcome = Outcome.VERIFIED;
      }
    });
  }

  void failed() {
    change(() -> {
      if (outcome == Outcome.ARRIVING) {
        outcome = Outcome.FAILED;
      }
    });
  }

  private void change(Runnable update) {
    List<Runnable> toTell;
    synchronized (this) {
      update.run();
      toTell = List.copyOf(listeners);
    }
    toTell.forEach(Runnable::run);
  }
}
