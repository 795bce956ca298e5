package org.imagecache.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.imagecache.failure.NotFoundException;

/** The running and recently finished operations; finished ones are forgotten after five minutes. */
public final class Operations {
  private static final Duration KEEP_FINISHED = Duration.ofMinutes(5);
  private final Map<String, Operation> byId = new ConcurrentHashMap<>();
  private final Clock clock;

  public Operations(Clock clock) {
    this.clock = clock;
  }

  public Operation create(String description) {
    forgetOld();
    Operation op = new Operation(UUID.randomUUID().toString(), description, clock);
    byId.put(op.id(), op);
    return op;
  }

  /** @throws NotFoundException (reason {@code operation_not_found}) */
  public Operation get(String id) {
    Operation op = byId.get(id);
    if (op == null) {
      throw new NotFoundException("operation_not_found", "No operation " + id);
    }
    return op;
  }

  public Collection<Operation> all() {
    forgetOld();
    return byId.values();
  }

  private void forgetOld() {
    var cutoff = clock.instant().minus(KEEP_FINISHED);
    byId.values().removeIf(op -> op.isFinished() && op.updatedAt().isBefore(cutoff));
  }
}
