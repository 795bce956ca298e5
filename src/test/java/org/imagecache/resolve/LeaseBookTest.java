package org.imagecache.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.testing.Images;
import org.imagecache.testing.Leases;
import org.imagecache.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LeaseBookTest {
  static final Duration LEASE = Duration.ofMinutes(10);

  final MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
  final LeaseBook book = new LeaseBook(clock, () -> LEASE);
  final LocalImage image = Images.cachedImage().fingerprint("ab").build().withId(7);

  @Test
  void takeLaunch_firstThenAgain_createsOneLeaseAndExtendsIt() {
    Lease first = book.takeLaunch(image).orElseThrow();
    assertThat(first.imageId()).isEqualTo(7);
    assertThat(first.kind()).isEqualTo(Lease.Kind.LAUNCH);
    assertThat(first.expiresAt()).isEqualTo(clock.instant().plus(LEASE));

    clock.advance(Duration.ofMinutes(3));
    Lease second = book.takeLaunch(image).orElseThrow();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.createdAt()).isEqualTo(first.createdAt());
    assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(book.launchLeases()).containsExactly(second);
  }

  @Test
  void takeLaunch_afterExpiry_startsANewLease() {
    Lease first = book.takeLaunch(image).orElseThrow();
    clock.advance(LEASE.plusSeconds(1));
    Lease second = book.takeLaunch(image).orElseThrow();
    assertThat(second.id()).isNotEqualTo(first.id());
  }

  @Test
  void takeLaunch_afterBeginDelete_isRefused() {
    assertThat(book.beginDelete(image.id())).isTrue();
    assertThat(book.takeLaunch(image)).isEmpty();
  }

  @Test
  void beginDelete_activeLaunchLease_isRefusedUntilItExpires() {
    assertThat(book.takeLaunch(image)).isPresent();
    assertThat(book.beginDelete(image.id())).isFalse();
    clock.advance(LEASE.minusSeconds(1));
    assertThat(book.beginDelete(image.id())).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(book.beginDelete(image.id())).isTrue();
  }

  @Test
  void abortDelete_afterBeginDelete_letsLeasesBeTakenAgain() {
    assertThat(book.beginDelete(image.id())).isTrue();
    book.abortDelete(image.id());
    assertThat(book.takeLaunch(image)).isPresent();
  }

  @Test
  void restore_storedLeases_bringsBackActiveLaunchLeasesOnly() {
    var now = clock.instant();
    Lease active = Leases.launch("launch-a", 1, now.minusSeconds(60), now.plusSeconds(60));
    Lease expired = Leases.launch("launch-b", 2, now.minusSeconds(600), now.minusSeconds(1));
    Lease instance = Leases.instance("instance-c", 3, now.minusSeconds(60));
    book.restore(List.of(active, expired, instance));
    assertThat(book.launchLeases()).containsExactly(active);
    assertThat(book.hasActiveLaunchLease(1)).isTrue();
    assertThat(book.hasActiveLaunchLease(2)).isFalse();
    assertThat(book.hasActiveLaunchLease(3)).isFalse();
    assertThat(book.beginDelete(1)).isFalse();
  }

  @Test
  void releaseLaunch_knownId_dropsTheLease() {
    Lease lease = book.takeLaunch(image).orElseThrow();
    assertThat(book.releaseLaunch("launch-unknown")).isFalse();
    assertThat(book.releaseLaunch(lease.id())).isTrue();
    assertThat(book.launchLeases()).isEmpty();
    assertThat(book.hasActiveLaunchLease(image.id())).isFalse();
    assertThat(book.beginDelete(image.id())).isTrue();
  }

  @Test
  void recorded_aLeaseTakenUnderAProvisionalId_holdsTheRecordFromThenOn() {
    LocalImage provisional = image.withId(-1);
    Lease taken = book.takeLaunch(provisional).orElseThrow();
    book.recorded(-1, 42);
    assertThat(book.hasActiveLaunchLease(-1)).isFalse();
    assertThat(book.hasActiveLaunchLease(42)).isTrue();
    assertThat(book.beginDelete(42)).isFalse();
    assertThat(book.launchLeases()).singleElement().satisfies(l -> {
      assertThat(l.id()).isEqualTo(taken.id());
      assertThat(l.imageId()).isEqualTo(42);
      assertThat(l.expiresAt()).isEqualTo(taken.expiresAt());
    });
  }

  @Test
  void recorded_theRecordHeldALongerLease_keepsThatOne() {
    Lease earlier = book.takeLaunch(image.withId(-1)).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    Lease longer = book.takeLaunch(image.withId(42)).orElseThrow();
    book.recorded(-1, 42);
    assertThat(book.launchLeases()).containsExactly(longer);
    assertThat(earlier.expiresAt()).isBefore(longer.expiresAt());
  }

  @Test
  void recorded_noLeaseUnderTheProvisionalId_changesNothing() {
    book.recorded(-3, 42);
    assertThat(book.launchLeases()).isEmpty();
  }
}
