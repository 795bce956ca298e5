package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.testing.Fingerprints.fp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FingerprintLocksIT {
  final FingerprintLocks locks = new FingerprintLocks();
  final List<String> events = new CopyOnWriteArrayList<>();

  private Future<String> task(Promise<String> gate, String name) {
    events.add("start " + name);
    return gate.future().onComplete(x -> events.add("end " + name));
  }

  @Test
  void withLock_sameFingerprint_runsOneAtATimeInOrderEvenAfterAFailure(Vertx vertx) {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    Promise<String> third = Promise.promise();
    Future<String> a = locks.withLock(fp("ab"), () -> task(first, "a"));
    Future<String> b = locks.withLock(fp("ab"), () -> task(second, "b"));
    Future<String> c = locks.withLock(fp("ab"), () -> task(third, "c"));
    assertThat(events).containsExactly("start a");

    first.fail(new IllegalStateException("boom"));
    assertThat(events).containsExactly("start a", "end a", "start b");
    second.complete("b");
    assertThat(events).containsExactly("start a", "end a", "start b", "end b", "start c");
    third.complete("c");

    assertThat(a.failed()).isTrue();
    assertThat(b.await()).isEqualTo("b");
    assertThat(c.await()).isEqualTo("c");
  }

  @Test
  void waiting_countsTheTasksQueuedBehindTheHolder() {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    assertThat(locks.waiting(fp("ab"))).as("free").isZero();
    locks.withLock(fp("ab"), () -> task(first, "a"));
    assertThat(locks.waiting(fp("ab"))).as("held, nobody queued").isZero();
    locks.withLock(fp("ab"), () -> task(second, "b"));
    locks.withLock(fp("ab"), () -> Future.succeededFuture("c"));
    assertThat(locks.waiting(fp("ab"))).isEqualTo(2);
    assertThat(locks.waiting(fp("cd"))).as("another fingerprint").isZero();

    first.complete("a");
    assertThat(locks.waiting(fp("ab"))).as("b holds it, c waits").isEqualTo(1);
    second.complete("b");
    assertThat(locks.waiting(fp("ab"))).isZero();
  }

  @Test
  void withLock_taskThrows_failsAndReleases() {
    Future<String> a = locks.withLock(fp("ab"), () -> {
      throw new IllegalStateException("thrown");
    });
    assertThat(a.failed()).isTrue();
    assertThat(locks.withLock(fp("ab"), () -> Future.succeededFuture("next")).await()).isEqualTo("next");
  }

  @Test
  void withLock_differentFingerprints_runConcurrently() {
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    Future<String> a = locks.withLock(fp("ab"), () -> task(first, "a"));
    Future<String> b = locks.withLock(fp("cd"), () -> task(second, "b"));
    assertThat(events).containsExactly("start a", "start b");
    second.complete("b");
    first.complete("a");
    assertThat(a.await()).isEqualTo("a");
    assertThat(b.await()).isEqualTo("b");
  }
}
