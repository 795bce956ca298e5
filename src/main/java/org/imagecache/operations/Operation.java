package org.imagecache.operations;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.remote.Cancellation;
import org.jspecify.annotations.Nullable;

/**
 * A long task a caller may watch or cancel (a download, an explicit pull), in LXD's operation shape.
 * Progress is counted in bytes; speed is the average since the start.
 */
public final class Operation {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Operation.class);
  /** LXD's status names. */
  public enum Status { Running, Success, Failure, Cancelled }

  private final String id;
  private final String description;
  private final Clock clock;
  private final Instant createdAt;
  private final Cancellation cancellation = new Cancellation();
  private final Promise<Object> done = Promise.promise();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long total;
  private volatile Instant updatedAt;
  private volatile Status status = Status.Running;
  private volatile String error = "";
  private volatile String reason = "";
  private volatile @Nullable Object result;

  Operation(String id, String description, Clock clock) {
    this.id = id;
    this.description = description;
    this.clock = clock;
    this.createdAt = clock.instant();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  /** What a caller's cancel did. */
  public enum CancelOutcome {
    /** The task is cancelled. */
    CANCELLED,
    /** The caller no longer waits for it; others still do, so it goes on. */
    DETACHED,
    /** Refused: others depend on it and the caller was not one of its waiters. */
    REFUSED
  }

  private volatile java.util.function.Supplier<CancelOutcome> cancelPolicy = () -> CancelOutcome.CANCELLED;

  /** Decides what a cancel request does (by default it cancels); set once by the task's owner. */
  public void cancelPolicy(java.util.function.Supplier<CancelOutcome> policy) {
    this.cancelPolicy = policy;
  }

  /** A caller asks to cancel: the policy decides whether the task stops or the caller only leaves it. */
  public CancelOutcome requestCancel() {
    CancelOutcome outcome = cancelPolicy.get();
    if (outcome == CancelOutcome.CANCELLED) {
      cancellation.cancel();
    }
    return outcome;
  }

  private volatile @Nullable Operation followed;

  /**
   * Shows another operation's progress as this one's: an explicit pull reports the progress of the
   * download that brings its files.
   */
  public void follow(Operation other) {
    this.followed = other;
  }

  public void setTotal(long totalBytes) {
    this.total = totalBytes;
  }

  public void addProgress(long n) {
    bytes.addAndGet(n);
    updatedAt = clock.instant();
  }

  /** Bytes transferred so far. */
  public long progressBytes() {
    return bytes.get();
  }

  /** Completes when the task ends, whatever the outcome; never fails. */
  public Future<Object> done() {
    return done.future().recover(e -> Future.succeededFuture());
  }

  public Status status() {
    return status;
  }

  /** Ends the operation with the task's outcome (a result object for its metadata, or a failure). */
  public <T> Future<T> track(Future<T> task) {
    return task.onComplete(ar -> {
      updatedAt = clock.instant();
      if (ar.succeeded()) {
        result = ar.result();
        status = Status.Success;
        done.tryComplete(ar.result());
      } else {
        status = cancellation.isCancelled() ? Status.Cancelled : Status.Failure;
        error = publicMessage(ar.cause());
        reason = ar.cause() instanceof ImageCacheException ice ? ice.reason() : "internal_error";
        done.tryFail(ar.cause());
      }
    });
  }

  /**
   * What the operation's {@code err} says of a failure: imagecache's own message, which names the
   * problem for the caller; anything else (a database error with its SQL, a bug) is logged and shown as
   * an internal error, with the operation's id to find it in the log.
   */
  private String publicMessage(Throwable cause) {
    if (cause instanceof ImageCacheException) {
      return String.valueOf(cause.getMessage());
    }
    LOG.error("operation {} ({}) failed", id, description, cause);
    return "Internal error (operation " + id + "; see the service log)";
  }

  public boolean isFinished() {
    return status != Status.Running;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** The operation as the API shows it. */
  public OperationView view() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    Operation source = followed;
    metadata.put("progress", (source != null ? source : this).progress());
    if (result != null) {
      metadata.put("result", result);
    }
    if (!reason.isEmpty()) {
      metadata.put("reason", reason);
    }
    return new OperationView(id, "task", description, createdAt, updatedAt, status.name(), statusCode(), metadata,
        status == Status.Running, error, "/1.0/operations/" + id);
  }

  /**
   * Bytes so far, the total (0 when unknown), the share done, the average speed since the start in
   * bytes a second, and the seconds left at that speed ({@code null} while that cannot be told).
   */
  private Map<String, Object> progress() {
    long b = bytes.get();
    long t = total;
    double seconds = Math.max(0.001, Duration.between(createdAt, status == Status.Running ? clock.instant() : updatedAt).toMillis() / 1000.0);
    long speed = (long) (b / seconds);
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("bytes", b);
    progress.put("total", t);
    progress.put("percent", t > 0 ? Math.min(100, (int) (b * 100 / t)) : 0);
    progress.put("speed", speed);
    progress.put("eta", t > 0 && speed > 0 ? Long.valueOf(Math.max(0, t - b) / speed) : null);
    return progress;
  }

  private int statusCode() {
    return switch (status) {
      case Running -> 103;
      case Success -> 200;
      case Failure -> 400;
      case Cancelled -> 401;
    };
  }

  /** LXD's operation object. */
  public record OperationView(String id, @com.fasterxml.jackson.annotation.JsonProperty("class") String operationClass, String description, Instant createdAt, Instant updatedAt,
      String status, int statusCode, Map<String, Object> metadata, boolean mayCancel, String err, String location) {}
}
