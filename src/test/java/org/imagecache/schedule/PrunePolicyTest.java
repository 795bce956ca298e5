package org.imagecache.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagecache.schedule.PrunePolicy.DISK_PRESSURE;
import static org.imagecache.schedule.PrunePolicy.EXPIRED;
import static org.imagecache.schedule.PrunePolicy.SUPERSEDED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.imagecache.config.Watermark;
import org.imagecache.image.LocalImage;
import org.imagecache.schedule.PrunePolicy.Candidate;
import org.imagecache.schedule.PrunePolicy.Inputs;
import org.imagecache.schedule.PrunePolicy.Item;
import org.imagecache.testing.Images;
import org.junit.jupiter.api.Test;

/** The prune policy on plain lists: which records go, why, in what order, and what that frees. */
class PrunePolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Set<String> ALL = Set.copyOf(PrunePolicy.REASONS);
  private static final Watermark HUGE = new Watermark(Watermark.Kind.BYTES, Long.MAX_VALUE / 4);
  private long nextId = 100;

  private static Inputs inputs(int expiryDays, Set<String> reasons) {
    return new Inputs(NOW, expiryDays, Duration.ofHours(1), HUGE, HUGE, 0, 1_000_000, 100, reasons);
  }

  private static Inputs pressure(long store, Watermark high, Watermark low, long fs, int max, Set<String> reasons) {
    return new Inputs(NOW, 10, Duration.ofHours(1), high, low, store, fs, max, reasons);
  }

  private static Watermark bytes(long n) {
    return new Watermark(Watermark.Kind.BYTES, n);
  }

  private static Instant daysAgo(double days) {
    return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
  }

  /** A cached image uploaded 30 days ago and last used {@code lastUseDaysAgo} days ago (null: never). */
  private LocalImage cached(String fp, Double lastUseDaysAgo) {
    return Images.cachedImage().fingerprint(fp).size(100).uploadedAt(daysAgo(30))
        .lastUsedAt(lastUseDaysAgo == null ? null : daysAgo(lastUseDaysAgo)).build().withId(nextId++);
  }

  private static Candidate c(LocalImage i) {
    return new Candidate(i, Optional.empty(), false);
  }

  private static List<String> fps(List<Item> plan) {
    return plan.stream().map(i -> i.image().fingerprint().hex().substring(0, 2)).toList();
  }

  @Test
  void expired_lastUseOlderThanTheExpiry_goes() {
    List<Candidate> all = List.of(c(cached("aa", 11.0)), c(cached("bb", 9.0)));
    List<Item> plan = PrunePolicy.plan(all, inputs(10, ALL));
    assertThat(fps(plan)).containsExactly("aa");
    assertThat(plan.get(0).reason()).isEqualTo(EXPIRED);
    assertThat(plan.get(0).bytesFreed()).isEqualTo(100);
  }

  @Test
  void expired_neverUsed_countsFromTheDownload() {
    LocalImage old = Images.cachedImage().fingerprint("aa").uploadedAt(daysAgo(11)).build().withId(1);
    LocalImage recent = Images.cachedImage().fingerprint("bb").uploadedAt(daysAgo(9)).build().withId(2);
    assertThat(fps(PrunePolicy.plan(List.of(c(old), c(recent)), inputs(10, ALL)))).containsExactly("aa");
  }

  @Test
  void expired_recentUseOfAnOldDownload_stays() {
    assertThat(PrunePolicy.plan(List.of(c(cached("aa", 1.0))), inputs(10, ALL))).isEmpty();
  }

  @Test
  void expired_zeroDaysMeansNever() {
    assertThat(PrunePolicy.plan(List.of(c(cached("aa", 1000.0)), c(cached("bb", null))), inputs(0, ALL))).isEmpty();
  }

  @Test
  void superseded_beyondKeep_goesEvenWhenRecentlyUsed() {
    List<Candidate> all = List.of(new Candidate(cached("aa", 0.5), Optional.empty(), true), c(cached("bb", 0.5)));
    List<Item> plan = PrunePolicy.plan(all, inputs(10, ALL));
    assertThat(fps(plan)).containsExactly("aa");
    assertThat(plan.get(0).reason()).isEqualTo(SUPERSEDED);
  }

  @Test
  void never_explicitPinnedLeasedOrFresh_whateverTheReason() {
    LocalImage explicit = Images.image().fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(1);
    LocalImage pinned = Images.cachedImage().pinned().fingerprint("bb").size(100).uploadedAt(daysAgo(30)).build().withId(2);
    LocalImage leased = cached("cc", 20.0);
    LocalImage fresh = Images.cachedImage().fingerprint("dd").size(100).uploadedAt(NOW.minus(Duration.ofMinutes(59))).build().withId(9);
    List<Candidate> all = List.of(new Candidate(explicit, Optional.empty(), true), new Candidate(pinned, Optional.empty(), true),
        new Candidate(leased, Optional.of(NOW.plus(Duration.ofMinutes(10))), true), new Candidate(fresh, Optional.empty(), true));
    Inputs in = new Inputs(NOW, 10, Duration.ofHours(1), bytes(1), bytes(0), 400, 1000, 100, ALL);

    assertThat(PrunePolicy.plan(all, in)).isEmpty();
    assertThat(all).noneMatch(x -> PrunePolicy.mayGo(x, in));
    assertThat(PrunePolicy.reclaimable(all, in)).isZero();
  }

  @Test
  void heldBack_namesTheRuleThatKeepsEachDueImageAndUntilWhen() {
    LocalImage explicit = Images.image().fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(1);
    LocalImage pinned = Images.cachedImage().pinned().fingerprint("bb").size(100).uploadedAt(daysAgo(30)).build().withId(2);
    LocalImage leased = cached("cc", 20.0);
    LocalImage instance = cached("ee", 20.0);
    Instant uploaded = NOW.minus(Duration.ofMinutes(59));
    LocalImage fresh = Images.cachedImage().fingerprint("dd").size(100).uploadedAt(uploaded).build().withId(9);
    LocalImage notDue = cached("ff", 1.0);
    Instant leaseEnd = NOW.plus(Duration.ofMinutes(10));
    List<Candidate> all = List.of(new Candidate(explicit, Optional.empty(), true), new Candidate(pinned, Optional.empty(), true),
        new Candidate(leased, Optional.of(leaseEnd), false), new Candidate(instance, Optional.of(Instant.MAX), false),
        new Candidate(fresh, Optional.empty(), true), c(notDue));

    List<PrunePolicy.Held> held = PrunePolicy.decide(all, inputs(10, ALL)).kept().stream().filter(PrunePolicy.Held::heldBack).toList();

    assertThat(held).extracting(h -> h.image().fingerprint().hex().substring(0, 2), PrunePolicy.Held::reason, PrunePolicy.Held::keep, PrunePolicy.Held::until)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bb", SUPERSEDED, PrunePolicy.Keep.PINNED, null),
            org.assertj.core.groups.Tuple.tuple("cc", EXPIRED, PrunePolicy.Keep.LEASED, leaseEnd),
            org.assertj.core.groups.Tuple.tuple("ee", EXPIRED, PrunePolicy.Keep.LEASED, null),
            org.assertj.core.groups.Tuple.tuple("dd", SUPERSEDED, PrunePolicy.Keep.FRESH, uploaded.plus(Duration.ofHours(1))));
  }

  @Test
  void recentlyListed_aDueImageTheMirrorListedStaysUntilTheListingLapses_thenGoes() {
    LocalImage expired = cached("aa", 20.0);
    LocalImage superseded = cached("bb", 1.0);
    Instant until = NOW.plus(Duration.ofMinutes(90));
    List<Candidate> all = List.of(new Candidate(expired, Optional.empty(), Optional.of(until), false),
        new Candidate(superseded, Optional.empty(), Optional.of(until), true));

    PrunePolicy.Decision now = PrunePolicy.decide(all, inputs(10, ALL));
    assertThat(now.plan()).isEmpty();
    assertThat(now.kept()).extracting(h -> h.image().fingerprint().hex().substring(0, 2), PrunePolicy.Held::reason, PrunePolicy.Held::keep,
        PrunePolicy.Held::until).containsExactly(
            org.assertj.core.groups.Tuple.tuple("aa", EXPIRED, PrunePolicy.Keep.RECENTLY_LISTED, until),
            org.assertj.core.groups.Tuple.tuple("bb", SUPERSEDED, PrunePolicy.Keep.RECENTLY_LISTED, until));
    assertThat(PrunePolicy.reclaimable(all, inputs(10, ALL))).isZero();

    Inputs lapsed = new Inputs(until, 10, Duration.ofHours(1), HUGE, HUGE, 0, 1_000_000, 100, ALL);
    assertThat(PrunePolicy.decide(all, lapsed).plan()).extracting(Item::reason).containsExactly(EXPIRED, SUPERSEDED);
  }

  @Test
  void recentlyListed_isNeverTakenForDiskPressure() {
    LocalImage listed = cached("aa", 20.0);
    LocalImage other = cached("bb", 10.0);
    List<Candidate> all = List.of(new Candidate(listed, Optional.empty(), Optional.of(NOW.plusSeconds(60)), false), c(other));
    List<Item> plan = PrunePolicy.plan(all, pressure(200, bytes(50), bytes(0), 1_000, 100, Set.of(DISK_PRESSURE)));
    assertThat(fps(plan)).containsExactly("bb");
  }

  @Test
  void heldBack_everyImageAddsThePulledAndTheNotDue() {
    LocalImage explicit = Images.image().fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(1);
    LocalImage notDue = cached("ff", 1.0);
    List<Candidate> all = List.of(c(explicit), c(notDue));

    List<PrunePolicy.Held> held = PrunePolicy.decide(all, inputs(10, ALL)).kept();

    assertThat(held).extracting(PrunePolicy.Held::keep).containsExactly(PrunePolicy.Keep.PULLED, PrunePolicy.Keep.NOT_DUE);
    assertThat(held.get(1).until()).isEqualTo(daysAgo(1.0).plus(Duration.ofDays(10)));
    assertThat(held).noneMatch(PrunePolicy.Held::heldBack);
  }

  @Test
  void heldBack_pastMaxDeletionsWaitsForTheNextPrune() {
    List<Candidate> all = List.of(c(cached("aa", 20.0)), c(cached("bb", 20.0)), c(cached("cc", 20.0)));
    Inputs capped = new Inputs(NOW, 10, Duration.ofHours(1), HUGE, HUGE, 0, 1_000_000, 2, ALL);

    assertThat(fps(PrunePolicy.plan(all, capped))).containsExactly("aa", "bb");
    assertThat(PrunePolicy.decide(all, capped).kept()).singleElement().satisfies(h -> {
      assertThat(h.image().fingerprint().hex()).startsWith("cc");
      assertThat(h.keep()).isEqualTo(PrunePolicy.Keep.MAX_DELETIONS);
      assertThat(h.reason()).isEqualTo(EXPIRED);
    });
  }

  @Test
  void fresh_onlyUntilTheGraceEnds() {
    LocalImage justPast = Images.cachedImage().fingerprint("aa").uploadedAt(NOW.minus(Duration.ofMinutes(61))).build().withId(1);
    Inputs in = new Inputs(NOW, 10, Duration.ofHours(1), bytes(1), bytes(0), 1024, 1000, 100, ALL);
    List<Item> plan = PrunePolicy.plan(List.of(c(justPast)), in);
    assertThat(plan).singleElement().extracting(Item::reason).isEqualTo(DISK_PRESSURE);
  }

  @Test
  void diskPressure_bytes_leastRecentlyUsedFirstUntilBelowTheLowWatermark() {
    List<Candidate> all = List.of(c(cached("aa", 2.0)), c(cached("bb", 4.0)), c(cached("cc", 1.0)), c(cached("dd", 3.0)));
    List<Item> plan = PrunePolicy.plan(all, pressure(400, bytes(350), bytes(250), 10_000, 100, ALL));
    assertThat(fps(plan)).containsExactly("bb", "dd");
    assertThat(plan).allMatch(i -> i.reason().equals(DISK_PRESSURE) && i.bytesFreed() == 100);
  }

  @Test
  void diskPressure_percentOfTheFilesystem() {
    List<Candidate> all = List.of(c(cached("aa", 2.0)), c(cached("bb", 4.0)), c(cached("cc", 1.0)), c(cached("dd", 3.0)));
    Watermark high = new Watermark(Watermark.Kind.PERCENT, 35);
    Watermark low = new Watermark(Watermark.Kind.PERCENT, 25);
    assertThat(fps(PrunePolicy.plan(all, pressure(400, high, low, 1000, 100, ALL)))).containsExactly("bb", "dd");
    assertThat(PrunePolicy.plan(all, pressure(400, high, low, 2000, 100, ALL))).as("below 35% of 2000").isEmpty();
  }

  @Test
  void diskPressure_atOrBelowTheHighWatermark_deletesNothing() {
    List<Candidate> all = List.of(c(cached("aa", 2.0)), c(cached("bb", 4.0)));
    assertThat(PrunePolicy.plan(all, pressure(200, bytes(200), bytes(50), 10_000, 100, ALL))).isEmpty();
  }

  @Test
  void diskPressure_countsWhatExpiryAlreadyFrees() {
    List<Candidate> all = List.of(c(cached("aa", 20.0)), c(cached("bb", 4.0)), c(cached("cc", 1.0)));
    List<Item> plan = PrunePolicy.plan(all, pressure(300, bytes(250), bytes(250), 10_000, 100, ALL));
    assertThat(plan).extracting(i -> fps(List.of(i)).get(0) + ":" + i.reason()).containsExactly("aa:expired");
  }

  @Test
  void diskPressure_skipsWhatMayNotGo() {
    LocalImage pinned = Images.cachedImage().pinned().fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(50);
    List<Candidate> all = List.of(c(pinned), new Candidate(cached("bb", 6.0), Optional.of(NOW.plus(Duration.ofMinutes(10))), false), c(cached("cc", 5.0)), c(cached("dd", 1.0)));
    assertThat(fps(PrunePolicy.plan(all, pressure(400, bytes(350), bytes(250), 10_000, 100, Set.of(DISK_PRESSURE)))))
        .containsExactly("cc", "dd");
  }

  @Test
  void sharedFingerprint_deletingOneRecordFreesNothing() {
    LocalImage a = Images.cachedImage().project("a").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).lastUsedAt(daysAgo(20)).build().withId(1);
    LocalImage b = Images.cachedImage().project("b").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).lastUsedAt(daysAgo(1)).build().withId(2);
    List<Item> plan = PrunePolicy.plan(List.of(c(a), c(b)), inputs(10, ALL));
    assertThat(plan).singleElement().satisfies(i -> {
      assertThat(i.image().project()).isEqualTo("a");
      assertThat(i.bytesFreed()).isZero();
    });

    LocalImage b2 = Images.cachedImage().project("b").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).lastUsedAt(daysAgo(15)).build().withId(2);
    List<Item> both = PrunePolicy.plan(List.of(c(a), c(b2)), inputs(10, ALL));
    assertThat(both).extracting(Item::bytesFreed).containsExactly(0L, 100L);
  }

  @Test
  void sharedFingerprint_diskPressureFreesTheBytesOnlyWithTheLastRecord() {
    LocalImage a = Images.cachedImage().project("a").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).lastUsedAt(daysAgo(5)).build().withId(1);
    LocalImage b = Images.cachedImage().project("b").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).lastUsedAt(daysAgo(4)).build().withId(2);
    List<Candidate> all = List.of(c(a), c(b), c(cached("cc", 3.0)), c(cached("dd", 1.0)));
    List<Item> plan = PrunePolicy.plan(all, pressure(300, bytes(250), bytes(250), 10_000, 100, ALL));
    assertThat(plan).extracting(i -> i.image().project() + ":" + i.bytesFreed()).containsExactly("a:0", "b:100");
  }

  @Test
  void maxDeletions_capsThePlan() {
    List<Candidate> all = new ArrayList<>();
    for (String fp : List.of("a1", "a2", "a3", "a4", "a5")) {
      all.add(c(cached(fp, 20.0)));
    }
    Inputs in = new Inputs(NOW, 10, Duration.ofHours(1), HUGE, HUGE, 0, 1000, 2, ALL);
    assertThat(PrunePolicy.plan(all, in)).hasSize(2);
    assertThat(PrunePolicy.reclaimable(all, in)).as("reclaimable is not capped").isEqualTo(500);
  }

  @Test
  void reasonFilter_onlyTheAskedReasons() {
    List<Candidate> all = List.of(c(cached("aa", 20.0)), new Candidate(cached("bb", 1.0), Optional.empty(), true), c(cached("cc", 2.0)));
    Inputs base = pressure(300, bytes(250), bytes(150), 10_000, 100, ALL);
    assertThat(fps(PrunePolicy.plan(all, withReasons(base, Set.of(EXPIRED))))).containsExactly("aa");
    assertThat(fps(PrunePolicy.plan(all, withReasons(base, Set.of(SUPERSEDED))))).containsExactly("bb");
    assertThat(PrunePolicy.plan(all, withReasons(base, Set.of(DISK_PRESSURE))))
        .extracting(Item::reason).containsOnly(DISK_PRESSURE).hasSize(2);
    assertThat(PrunePolicy.plan(all, withReasons(base, Set.of()))).isEmpty();
  }

  @Test
  void reclaimable_everythingThatMayGoWhateverTheReason() {
    LocalImage sharedA = Images.cachedImage().project("a").fingerprint("ee").size(100).uploadedAt(daysAgo(30)).build().withId(70);
    LocalImage sharedPinned = Images.cachedImage().pinned().project("b").fingerprint("ee").size(100).uploadedAt(daysAgo(30)).build().withId(71);
    List<Candidate> all = List.of(c(cached("aa", 1.0)), c(cached("bb", 20.0)), new Candidate(cached("cc", 1.0), Optional.of(NOW.plus(Duration.ofMinutes(10))), false),
        c(sharedA), c(sharedPinned));
    assertThat(PrunePolicy.reclaimable(all, inputs(10, ALL))).as("aa and bb; cc is leased; ee is kept by a pinned record").isEqualTo(200);
  }

  @Test
  void reclaimable_ofSomeRecords_countsTheOthersAsKeepingTheFiles() {
    LocalImage explicit = Images.image().project("a").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(1);
    LocalImage cachedCopy = Images.cachedImage().project("b").fingerprint("aa").size(100).uploadedAt(daysAgo(30)).build().withId(2);
    List<Candidate> all = List.of(c(explicit), c(cachedCopy), c(cached("bb", 20.0)));
    assertThat(PrunePolicy.reclaimable(all, inputs(10, ALL), x -> x.image().cached())).isEqualTo(100);
  }

  private static Inputs withReasons(Inputs in, Set<String> reasons) {
    return new Inputs(in.now(), in.expiryDays(), in.freshGrace(), in.high(), in.low(), in.storeBytes(), in.filesystemBytes(),
        in.maxDeletions(), reasons);
  }
}
