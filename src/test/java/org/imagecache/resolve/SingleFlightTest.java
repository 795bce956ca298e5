package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  private final SingleFlight<String, String> flights = new SingleFlight<>();
  private final AtomicInteger calls = new AtomicInteger();

  private Future<String> run(String key, Promise<String> outcome) {
    return flights.run(key, () -> {
      calls.incrementAndGet();
      return outcome.future();
    });
  }

  /** A call for the key whose outcome is {@code value} at once (it runs only when none is under way). */
  private Future<String> runCompleting(String key, String value) {
    Promise<String> outcome = Promise.promise();
    Future<String> f = run(key, outcome);
    outcome.complete(value);
    return f;
  }

  @Test
  void callsWhileOneIsUnderWay_joinIt_andGetItsOutcome() {
    Promise<String> first = Promise.promise();
    Future<String> a = run("k", first);
    Future<String> b = run("k", Promise.promise());
    Future<String> c = run("k", Promise.promise());
    assertThat(calls).hasValue(1);
    assertThat(b.isComplete()).isFalse();

    first.complete("written");

    assertThat(a.result()).isEqualTo("written");
    assertThat(b.result()).isEqualTo("written");
    assertThat(c.result()).isEqualTo("written");
  }

  @Test
  void anotherKey_runsOnItsOwn() {
    run("k", Promise.promise());
    Future<String> o = runCompleting("other", "its own");
    assertThat(calls).hasValue(2);
    assertThat(o.result()).isEqualTo("its own");
  }

  @Test
  void aFailure_isTheJoinersToo_andTheNextCallRunsAnew() {
    Promise<String> first = Promise.promise();
    Future<String> a = run("k", first);
    Future<String> b = run("k", Promise.promise());
    first.fail(new IllegalStateException("disk full"));
    assertThat(a.cause()).hasMessage("disk full");
    assertThat(b.cause()).hasMessage("disk full");

    Future<String> again = runCompleting("k", "written");
    assertThat(calls).hasValue(2);
    assertThat(again.result()).isEqualTo("written");
  }

  @Test
  void aCallThatThrows_failsItsFuture_andLeavesNothingUnderWay() {
    Future<String> thrown = flights.run("k", () -> {
      throw new IllegalArgumentException("bad");
    });
    assertThat(thrown.cause()).hasMessage("bad");
    Future<String> again = runCompleting("k", "written");
    assertThat(again.result()).isEqualTo("written");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aJoiner_continuesOnItsOwnContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context leader = vertx.getOrCreateContext();
      Context joiner = vertx.getOrCreateContext();
      Promise<String> outcome = Promise.promise();
      CompletableFuture<Boolean> joined = new CompletableFuture<>();
      CompletableFuture<Void> leaderStarted = new CompletableFuture<>();
      leader.runOnContext(v -> {
        run("k", outcome);
        leaderStarted.complete(null);
      });
      leaderStarted.get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> joinerStarted = new CompletableFuture<>();
      joiner.runOnContext(v -> {
        run("k", Promise.promise()).onComplete(ar -> joined.complete(Vertx.currentContext() == joiner));
        joinerStarted.complete(null);
      });
      joinerStarted.get(10, TimeUnit.SECONDS);
      leader.runOnContext(v -> outcome.complete("written"));
      assertThat(joined.get(10, TimeUnit.SECONDS)).as("the joiner's continuation ran on its own context").isTrue();
      assertThat(calls).hasValue(1);
    } finally {
      vertx.close().await();
    }
  }
}
