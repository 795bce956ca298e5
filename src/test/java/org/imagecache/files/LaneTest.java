package org.imagecache.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final LanePool lanes = LanePool.over(pool);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void tasks_runInTheOrderGivenAndNeverOverlap() throws Exception {
    Lane lane = lanes.lane();
    List<Integer> order = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      int n = i;
      all.add(lane.run(() -> {
        if (running.incrementAndGet() > 1) {
          overlaps.incrementAndGet();
        }
        order.add(n); // unsynchronized on purpose: the lane's order is what makes it safe
        running.decrementAndGet();
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(overlaps.get()).isZero();
    assertThat(order).hasSize(2000);
    for (int i = 0; i < order.size(); i++) {
      assertThat(order.get(i)).isEqualTo(i);
    }
  }

  @Test
  void aFailingTask_failsItsFutureAndTheLaneGoesOn() throws Exception {
    Lane lane = lanes.lane();
    CompletableFuture<Void> failing = lane.run(() -> {
      throw new IllegalStateException("disk on fire");
    });
    CompletableFuture<String> next = lane.submit(() -> "after");

    assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(failing).isCompletedExceptionally();
    try {
      failing.get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).hasMessage("disk on fire");
    }
  }

  @Test
  void twoLanes_runBesideEachOther() throws InterruptedException, ExecutionException, TimeoutException {
    Lane a = lanes.lane();
    Lane b = lanes.lane();
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> blocked = a.run(() -> release.get(10, TimeUnit.SECONDS));

    assertThat(b.submit(() -> "b is not behind a").get(10, TimeUnit.SECONDS)).isEqualTo("b is not behind a");
    assertThat(blocked).isNotDone();
    release.complete(null);
    blocked.get(10, TimeUnit.SECONDS);
  }
}
