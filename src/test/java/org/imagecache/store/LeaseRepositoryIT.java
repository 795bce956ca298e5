package org.imagecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagecache.testing.Images.image;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.imagecache.image.Lease;
import org.imagecache.testing.Leases;
import org.imagecache.testing.TestDatabase;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseRepositoryIT {
  private static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final LeaseRepository leases = new LeaseRepository();
  private Session session;
  private long first;
  private long second;

  @BeforeEach
  void migrate() {
    session = Session.of(TestDatabase.dsl(dir));
    ImageRepository images = new ImageRepository();
    first = images.insert(session, image().fingerprint("aa").build()).id();
    second = images.insert(session, image().fingerprint("bb").build()).id();
  }

  @Test
  void create_thenFind() {
    Lease launch = leases.create(session, Leases.launch("l1", first, NOW, NOW.plus(TEN_MINUTES)));
    Lease instance = leases.create(session, Leases.instance("i1", first, NOW));

    assertThat(leases.find(session, "l1")).contains(launch);
    assertThat(leases.find(session, "i1")).contains(instance);
    assertThat(leases.find(session, "i1").orElseThrow().expiresAt()).isNull();
    assertThat(leases.find(session, "nope")).isEmpty();
  }

  @Test
  void create_forAMissingImageFails() {
    assertThatThrownBy(() -> leases.create(session, Leases.instance("i1", 9999, NOW))).isInstanceOf(DataAccessException.class);
  }

  @Test
  void listForImage_isByCreationTime() {
    leases.create(session, Leases.launch("late", first, NOW.plusSeconds(60), NOW.plus(TEN_MINUTES)));
    leases.create(session, Leases.instance("early", first, NOW));
    leases.create(session, Leases.instance("elsewhere", second, NOW));

    assertThat(leases.listForImage(session, first)).extracting(Lease::id).containsExactly("early", "late");
    assertThat(leases.list(session, "default")).extracting(Lease::id).containsExactlyInAnyOrder("early", "late", "elsewhere");
  }

  @Test
  void isLeased_activeLaunchLease() {
    leases.create(session, Leases.launch("l1", first, NOW, NOW.plus(TEN_MINUTES)));

    assertThat(leases.isLeased(session, first, NOW)).isTrue();
    assertThat(leases.isLeased(session, second, NOW)).isFalse();
  }

  @Test
  void isLeased_expiredLaunchLeaseDoesNotHold() {
    leases.create(session, Leases.launch("l1", first, NOW.minus(TEN_MINUTES), NOW.minusMillis(1)));

    assertThat(leases.isLeased(session, first, NOW)).isFalse();
  }

  @Test
  void isLeased_leaseExpiringNowDoesNotHold() {
    leases.create(session, Leases.launch("l1", first, NOW.minus(TEN_MINUTES), NOW));

    assertThat(leases.isLeased(session, first, NOW)).isFalse();
    assertThat(leases.isLeased(session, first, NOW.minusMillis(1))).isTrue();
  }

  @Test
  void isLeased_instanceLeaseHoldsForever() {
    leases.create(session, Leases.instance("i1", first, NOW));

    assertThat(leases.isLeased(session, first, NOW.plus(Duration.ofDays(3650)))).isTrue();
  }

  @Test
  void deleteExpired_removesOnlyExpiredLaunchLeases() {
    leases.create(session, Leases.launch("expired", first, NOW.minus(TEN_MINUTES), NOW.minusSeconds(1)));
    leases.create(session, Leases.launch("expiring-now", first, NOW.minus(TEN_MINUTES), NOW));
    leases.create(session, Leases.launch("active", first, NOW, NOW.plus(TEN_MINUTES)));
    leases.create(session, Leases.instance("instance", second, NOW.minus(Duration.ofDays(30))));

    assertThat(leases.deleteExpired(session, NOW)).isEqualTo(2);

    assertThat(leases.list(session, "default")).extracting(Lease::id).containsExactlyInAnyOrder("active", "instance");
  }

  @Test
  void delete_removesTheLeaseOnce() {
    leases.create(session, Leases.instance("i1", first, NOW));

    assertThat(leases.delete(session, "i1")).isTrue();
    assertThat(leases.delete(session, "i1")).isFalse();
    assertThat(leases.isLeased(session, first, NOW)).isFalse();
  }
}
