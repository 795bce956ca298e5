package org.imagecache.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Clock;
import org.imagecache.failure.NotFoundException;
import org.junit.jupiter.api.Test;

class OperationTest {
  private final Operations operations = new Operations(Clock.systemUTC());

  @Test
  void aFailureOfOurOwnIsShownAsItsMessageAnyOtherAsAnInternalErrorWithoutItsText() {
    Operation ours = operations.create("ours");
    ours.track(Future.failedFuture(new NotFoundException("image_not_found", "No image x")));
    assertThat(ours.view().err()).isEqualTo("No image x");

    Operation sql = operations.create("sql");
    sql.track(Future.failedFuture(new IllegalStateException(
        "SQL [insert into image_aliases (name) values (?)]; [SQLITE_CONSTRAINT_FOREIGNKEY] A foreign key constraint failed")));
    assertThat(sql.view().err()).startsWith("Internal error (operation " + sql.id()).doesNotContain("SQL").doesNotContain("insert");
    assertThat(sql.status()).isEqualTo(Operation.Status.Failure);
  }
}
