package org.imagecache.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PollingTest {
  private final List<Promise<Void>> runs = new ArrayList<>();

  private Future<?> run() {
    Promise<Void> p = Promise.promise();
    runs.add(p);
    return p.future();
  }

  @Test
  void aRunIsNotStartedWhileTheLastOneIsUnderWay_andIsOnceItHasEnded_failedOrNot(Vertx vertx) {
    Polling polling = new Polling(vertx, Duration.ofHours(1), "the test's task", this::run);

    polling.runNow();
    polling.runNow();
    assertThat(runs).hasSize(1);

    runs.get(0).fail("the database is down");
    polling.runNow();
    assertThat(runs).hasSize(2);

    runs.get(1).complete();
    polling.runNow();
    assertThat(runs).hasSize(3);
  }

  @Test
  void aTaskThatThrows_endsItsRun(Vertx vertx) {
    int[] calls = {0};
    Polling polling = new Polling(vertx, Duration.ofHours(1), "the test's task", () -> {
      calls[0]++;
      throw new IllegalStateException("no");
    });
    polling.runNow();
    polling.runNow();
    assertThat(calls[0]).isEqualTo(2);
  }
}
