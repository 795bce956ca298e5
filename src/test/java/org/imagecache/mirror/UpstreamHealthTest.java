package org.imagecache.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.failure.RemoteException;
import org.imagecache.remote.RemoteStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UpstreamHealthTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  private static RemoteStatus catalog(@Nullable Instant fetchedAt, @Nullable Instant lastAttemptAt, @Nullable String lastError) {
    return new RemoteStatus("up", "https://up.example/", "simplestreams", lastError != null ? "failing" : "ok", fetchedAt, 0L, 0L, false,
        lastAttemptAt, lastError, 1, 1, java.util.List.of(), null);
  }

  @Test
  void aHealthyUpstreamListsEverything() {
    assertThat(new UpstreamHealth().failingSince("up", catalog(T0, T0, null))).isEmpty();
  }

  @Test
  void aFailedCatalogFetchFailsTheEndpointSinceThatAttempt_untilAFetchSucceeds() {
    UpstreamHealth health = new UpstreamHealth();
    assertThat(health.failingSince("up", catalog(T0, T0.plusSeconds(60), "connection refused"))).contains(T0.plusSeconds(60));
    assertThat(health.failingSince("up", catalog(T0.plusSeconds(120), T0.plusSeconds(120), null))).isEmpty();
  }

  @Test
  void aFailedFileFailsTheEndpoint_untilACatalogFetchSucceedsAfterIt() {
    UpstreamHealth health = new UpstreamHealth();
    Instant failed = T0.plusSeconds(30);
    health.fileFailed("up", failed);
    assertThat(health.failingSince("up", catalog(T0, T0, null))).as("the catalog fetched before the failure proves nothing").contains(failed);
    assertThat(health.failingSince("other", catalog(T0, T0, null))).as("another endpoint").isEmpty();
    assertThat(health.failingSince("up", catalog(failed.plusSeconds(1), failed.plusSeconds(1), null))).isEmpty();
    assertThat(health.failingSince("up", catalog(T0, T0, null))).as("forgotten once the upstream answered").isEmpty();
  }

  @Test
  void aPullThroughThatDownloadsEndsAFileFailure() {
    UpstreamHealth health = new UpstreamHealth();
    health.fileFailed("up", T0.plusSeconds(30));
    health.fileDownloaded("up");
    assertThat(health.failingSince("up", catalog(T0, T0, null))).isEmpty();
  }

  @Test
  void theLaterOfACatalogAndAFileFailureIsGiven() {
    assertThat(UpstreamHealth.failingSince(catalog(T0, T0.plusSeconds(10), "refused"), T0.plusSeconds(20))).isEqualTo(T0.plusSeconds(20));
    assertThat(UpstreamHealth.failingSince(catalog(T0, T0.plusSeconds(30), "refused"), T0.plusSeconds(20))).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void onlyTheUpstreamsFaultsCount_notAClientsBadInput() {
    assertThat(ImageCacheException.isRemoteFault(RemoteException.timeout("up", "no answer in 30 s", null))).isTrue();
    assertThat(ImageCacheException.isRemoteFault(new InvalidInputException("invalid_fingerprint", "bad"))).isFalse();
    assertThat(ImageCacheException.isRemoteFault(new IllegalStateException("bug"))).isFalse();
  }
}
