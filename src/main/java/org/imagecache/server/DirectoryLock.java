package org.imagecache.server;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * An exclusive {@code flock(2)} held on a directory's own inode for as long as the service runs. Unlike
 * a lock file, nothing can be deleted to lift it: a second service that opens the same directory (by
 * any path, through any symlink) is refused while the holder's descriptor is open, and the kernel
 * drops it when the holder dies. flock locks belong to the open descriptor, so other opens and closes of
 * the directory in this process (as POSIX record locks would suffer) leave it in place.
 */
final class DirectoryLock implements AutoCloseable {
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int EWOULDBLOCK = 11;

  /** The C library calls used here. */
  interface LibC extends Library {
    int open(String path, int flags);

    int flock(int fd, int operation);

    int close(int fd);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  /** Why a lock could not be taken. */
  enum Refusal { HELD_ELSEWHERE, CANNOT_OPEN }

  /** A failure to take the lock, with the errno text. */
  static final class LockException extends Exception {
    private static final long serialVersionUID = 1L;
    final Refusal refusal;

    LockException(Refusal refusal, String message) {
      super(message);
      this.refusal = refusal;
    }
  }

  private int fd;

  private DirectoryLock(int fd) {
    this.fd = fd;
  }

  /** Takes the lock without waiting. */
  static DirectoryLock take(Path dir) throws LockException {
    int fd = LIBC.open(dir.toString(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw new LockException(Refusal.CANNOT_OPEN, "cannot open " + dir + ": errno " + Native.getLastError());
    }
    if (LIBC.flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int errno = Native.getLastError();
      LIBC.close(fd);
      throw new LockException(errno == EWOULDBLOCK ? Refusal.HELD_ELSEWHERE : Refusal.CANNOT_OPEN,
          "cannot lock " + dir + ": errno " + errno);
    }
    return new DirectoryLock(fd);
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      LIBC.close(fd);
      fd = -1;
    }
  }
}
