package org.imagecache.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data directory, held for the life of the service by a lock file so that two services never share
 * one database and image store.
 */
public final class DataDir implements AutoCloseable {
  /**
   * Lock files this process holds, by real path. File locks are per process (POSIX fcntl): a second
   * channel on a held lock file must never be opened, since closing it would drop the lock for the
   * whole process while the first holder still runs.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path lockFile;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private boolean closed;

  private DataDir(Path dir, Path lockFile, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockFile = lockFile;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the directory and its subdirectories if needed, checks it is writable, and takes the lock.
   *
   * @throws StartupException naming the directory and the cause
   */
  public static DataDir acquire(Path dir, Path... subdirs) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      if (!Files.isDirectory(abs) || !Files.isWritable(abs)) {
        throw new StartupException("data_dir " + abs + " is not a writable directory", null);
      }
      for (Path sub : subdirs) {
        Files.createDirectories(sub);
      }
    } catch (AccessDeniedException e) {
      throw new StartupException("data_dir " + abs + " is not writable (permission denied: " + e.getFile() + ")", e);
    } catch (FileAlreadyExistsException e) {
      throw new StartupException("data_dir " + abs + " is not a directory (" + e.getFile() + " is a file)", e);
    } catch (IOException e) {
      throw new StartupException("data_dir " + abs + " cannot be created: " + e, e);
    }
    return lock(abs);
  }

  private static DataDir lock(Path abs) {
    Path lockFile;
    try {
      lockFile = abs.toRealPath().resolve("imagecache.lock");
    } catch (IOException e) {
      throw new StartupException("data_dir " + abs + " cannot be resolved: " + e, e);
    }
    if (!HELD.add(lockFile)) {
      throw new StartupException("data_dir " + abs + " is already in use by this process", null);
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        throw new StartupException("data_dir " + abs + " is in use by another imagecache (" + lockFile + " is locked)", null);
      }
      return new DataDir(abs, lockFile, ch, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      HELD.remove(lockFile);
      throw new StartupException("data_dir " + abs + " is already in use by this process", e);
    } catch (AccessDeniedException e) {
      closeQuietly(ch);
      HELD.remove(lockFile);
      throw new StartupException("data_dir " + abs + " is not writable (permission denied: " + e.getFile() + ")", e);
    } catch (IOException e) {
      closeQuietly(ch);
      HELD.remove(lockFile);
      throw new StartupException("data_dir " + abs + ": cannot take the lock " + lockFile + ": " + e, e);
    } catch (StartupException e) {
      HELD.remove(lockFile);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // already failing with a clearer error
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
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // the process is ending; the OS drops the lock anyway
    } finally {
      HELD.remove(lockFile);
    }
  }
}
