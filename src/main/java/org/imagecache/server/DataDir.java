package org.imagecache.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data directory, held for the life of the service by an exclusive lock on the directory itself
 * ({@link DirectoryLock}), so that two services never share one database and image store; and its
 * subdirectories, each of which must resolve inside it (an {@code images/} that is a symlink to another
 * service's store would let this one's start-up sweep delete that one's files).
 */
public final class DataDir implements AutoCloseable {
  /**
   * Data directories this process holds, by real path: a second acquire in the same process is refused
   * with a message of its own (the kernel would refuse it too).
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path real;
  private final DirectoryLock lock;
  private boolean closed;

  private DataDir(Path dir, Path real, DirectoryLock lock) {
    this.dir = dir;
    this.real = real;
    this.lock = lock;
  }

  /**
   * Creates the directory and its subdirectories if needed, checks it is writable and that every
   * subdirectory resolves inside it, and takes the lock.
   *
   * @throws StartupException naming the directory and the cause
   */
  public static DataDir acquire(Path dir, Path... subdirs) {
    Path abs = dir.toAbsolutePath().normalize();
    Path real;
    try {
      Files.createDirectories(abs);
      if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
        throw new StartupException("data_dir " + abs + " is not a writable directory", null);
      }
      real = abs.toRealPath();
    } catch (AccessDeniedException e) {
      throw new StartupException("data_dir " + abs + " is not writable (permission denied: " + e.getFile() + ")", e);
    } catch (FileAlreadyExistsException e) {
      throw new StartupException("data_dir " + abs + " is not a directory (" + e.getFile() + " is a file)", e);
    } catch (IOException e) {
      throw new StartupException("data_dir " + abs + " cannot be created: " + e, e);
    }
    DataDir held = lock(abs, real);
    try {
      for (Path sub : subdirs) {
        checkInside(held, sub);
      }
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** Creates a subdirectory if needed; refuses one that resolves outside the data directory. */
  private static void checkInside(DataDir held, Path sub) {
    Path abs = sub.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      Path resolved = abs.toRealPath();
      if (!resolved.startsWith(held.real) || resolved.equals(held.real)) {
        throw new StartupException(abs + " resolves to " + resolved + ", outside data_dir " + held.real
            + ": refused (each service keeps its own images/, catalogs/ and tls/ inside its data_dir)", null);
      }
    } catch (FileAlreadyExistsException e) {
      throw new StartupException(abs + " is not a directory (" + e.getFile() + " is a file)", e);
    } catch (IOException e) {
      throw new StartupException(abs + " cannot be created: " + e, e);
    }
  }

  private static DataDir lock(Path abs, Path real) {
    if (!HELD.add(real)) {
      throw new StartupException("data_dir " + abs + " is already in use by this process", null);
    }
    try {
      return new DataDir(abs, real, DirectoryLock.take(real));
    } catch (DirectoryLock.LockException e) {
      HELD.remove(real);
      throw new StartupException(e.refusal == DirectoryLock.Refusal.HELD_ELSEWHERE
          ? "data_dir " + abs + " is in use by another imagecache (the directory is locked)"
          : "data_dir " + abs + ": cannot take the lock: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.close();
    } finally {
      HELD.remove(real);
    }
  }
}
