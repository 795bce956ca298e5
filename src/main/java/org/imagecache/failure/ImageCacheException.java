package org.imagecache.failure;

import org.jspecify.annotations.Nullable;

/**
 * The root of imagecache's own failures, closed: every failure the service means to report is one of
 * the permitted types below, each with its {@link Kind}, and anything else reaching the edge is a bug
 * (a 500). Each carries a stable {@code reason} (such as {@code invalid_fingerprint}) that the API
 * shows as {@code metadata.reason}; HTTP statuses are chosen at the edge, by the API's error mapper,
 * with an exhaustive switch over {@link #kind()} (Java 17 has no pattern switch over sealed types
 * outside preview). Control flow tells failures apart by type, never by comparing reasons or messages.
 */
public abstract sealed class ImageCacheException extends RuntimeException
    permits InvalidInputException, AmbiguousReferenceException, NotFoundException, ConflictException,
    ForbiddenException, CancelledException, InsufficientStorageException, StorageException,
    ServiceUnavailableException, RemoteException, CatalogFormatException, FileVerificationException {

  /** What kind of failure this is: each permitted type has its own (a remote's failure one of three). */
  public enum Kind {
    /** A caller's or a catalog's value breaks a rule. */
    INVALID_INPUT,
    /** A name or prefix meaning more than one image. */
    AMBIGUOUS_REFERENCE,
    NOT_FOUND,
    /** The request conflicts with the current state. */
    CONFLICT,
    FORBIDDEN,
    /** A caller cancelled the operation. */
    CANCELLED,
    /** The image store has no room. */
    INSUFFICIENT_STORAGE,
    /** This host's storage failed a write or removal. */
    STORAGE,
    /** The service cannot do this now, for a reason of its own. */
    SERVICE_UNAVAILABLE,
    /** A remote could not be reached, or no catalog is known. */
    REMOTE_UNAVAILABLE,
    /** A remote gave no answer or no bytes within its timeout. */
    REMOTE_TIMEOUT,
    /** A remote answered with an error status or something unusable. */
    REMOTE_BAD_ANSWER,
    /** A remote's simplestreams document cannot be read. */
    CATALOG_INVALID,
    /** Downloaded bytes that do not match what the catalog promised. */
    VERIFICATION_FAILED
  }

  private final Kind kind;
  private final String reason;

  ImageCacheException(Kind kind, String reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.reason = reason;
  }

  public final Kind kind() {
    return kind;
  }

  private static final java.util.Set<Kind> REMOTE_FAULTS = java.util.EnumSet.of(Kind.REMOTE_UNAVAILABLE, Kind.REMOTE_TIMEOUT,
      Kind.REMOTE_BAD_ANSWER, Kind.CATALOG_INVALID, Kind.VERIFICATION_FAILED);

  /**
   * Whether a failure is the remote's (or a mirror's): it could not be reached, timed out, answered
   * with something unusable, or sent bytes that do not verify. Not ours (the disk, a cancel, a bug),
   * and not the caller's. Another source may not fail so; the same source fails so again for a while.
   */
  public static boolean isRemoteFault(Throwable failure) {
    return failure instanceof ImageCacheException e && REMOTE_FAULTS.contains(e.kind);
  }

  public String reason() {
    return reason;
  }

  /** A caller's value as a message quotes it: at most 64 characters, control characters escaped. */
  public static String clip(String value) {
    String t = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder sb = new StringBuilder();
    t.chars().forEach(c -> sb.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\x%02x", c) : String.valueOf((char) c)));
    return sb.toString();
  }
}
