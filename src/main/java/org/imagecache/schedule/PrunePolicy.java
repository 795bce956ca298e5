package org.imagecache.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.imagecache.config.Watermark;
import org.imagecache.image.LocalImage;
import org.jspecify.annotations.Nullable;

/**
 * What a prune would delete, and why. Plain Java: a test drives it with a clock and lists of images.
 *
 * <p>A cached image may go for {@code expired} (unused for {@code images.remote_cache_expiry} days:
 * last use, else download time; 0 = never), {@code superseded} (an older revision beyond
 * {@code cache.keep_revisions}), or {@code disk_pressure} (the store is above the high watermark:
 * least recently used first until it is below the low one). Never: images a user pulled (not cached),
 * pinned ones, leased ones, ones the mirror listed in the last two hours, and ones younger than
 * {@code cache.fresh_grace}. At most
 * {@code cache.max_deletions} per plan. Bytes are freed when the last record of a fingerprint goes.
 */
public final class PrunePolicy {
  public static final String EXPIRED = "expired";
  public static final String SUPERSEDED = "superseded";
  public static final String DISK_PRESSURE = "disk_pressure";
  public static final List<String> REASONS = List.of(EXPIRED, DISK_PRESSURE, SUPERSEDED);

  private PrunePolicy() {}

  /**
   * An image record as the policy sees it.
   *
   * @param leasedUntil when the last lease on it ends, if any holds it ({@link Instant#MAX} for an
   *     instance lease, which lasts until it is deleted)
   * @param listedUntil when the protection of the mirror's last listing of it ends, if it was listed
   */
  public record Candidate(LocalImage image, java.util.Optional<Instant> leasedUntil, java.util.Optional<Instant> listedUntil,
      boolean supersededBeyondKeep) {
    /** An image no mirror listing protects. */
    public Candidate(LocalImage image, java.util.Optional<Instant> leasedUntil, boolean supersededBeyondKeep) {
      this(image, leasedUntil, java.util.Optional.empty(), supersededBeyondKeep);
    }

    public boolean leased() {
      return leasedUntil.isPresent();
    }

    /** Whether a mirror listing still protects it at {@code now}: a client may still ask for its files. */
    public boolean listedAt(Instant now) {
      return listedUntil.filter(until -> until.isAfter(now)).isPresent();
    }
  }

  /**
   * What the policy needs besides the images.
   *
   * @param storeBytes bytes the image store holds now
   * @param filesystemBytes size of the store's filesystem (for percentage watermarks)
   * @param reasons the reasons to consider (a subset of {@link #REASONS})
   */
  public record Inputs(Instant now, int expiryDays, Duration freshGrace, Watermark high, Watermark low,
      long storeBytes, long filesystemBytes, int maxDeletions, Set<String> reasons) {
    /** The same, under another {@code images.remote_cache_expiry} (what a settings change would do). */
    public Inputs withExpiryDays(int days) {
      return new Inputs(now, days, freshGrace, high, low, storeBytes, filesystemBytes, maxDeletions, reasons);
    }
  }

  /** One planned deletion. {@code bytesFreed} is 0 when another record keeps the files. */
  public record Item(LocalImage image, String reason, long bytesFreed) {}

  /** What one planning decides: the deletions (at most {@code cache.max_deletions}) and every image it keeps. */
  public record Decision(List<Item> plan, List<Held> kept) {}

  public static List<Item> plan(List<Candidate> all, Inputs in) {
    List<Item> every = uncapped(all, in);
    return List.copyOf(every.subList(0, Math.min(in.maxDeletions(), every.size())));
  }

  /**
   * Every deletion the reasons allow, in the order a prune takes them; the plan is its first
   * {@code cache.max_deletions}, the rest waits for a later prune.
   */
  private static List<Item> uncapped(List<Candidate> all, Inputs in) {
    Map<String, Integer> records = recordsPerFingerprint(all);
    Map<Long, String> chosen = new LinkedHashMap<>();
    for (Candidate c : all) {
      if (mayGo(c, in)) {
        reasonWithoutPressure(c, in).ifPresent(r -> chosen.put(c.image().id(), r));
      }
    }
    if (in.reasons().contains(DISK_PRESSURE)) {
      addPressure(all, in, chosen, records);
    }
    return items(all, chosen, records);
  }

  /** Why an image the plan does not delete stays. */
  public enum Keep {
    /** A user pulled it (not cached): never pruned. */
    PULLED("pulled"),
    PINNED("pinned"),
    /** A lease holds it: until the lease ends, or (no end) until an instance lease is deleted. */
    LEASED("leased"),
    /**
     * The mirror listed it to a client lately (LXD caches a products file for an hour, then asks for
     * the files): until two hours after the last listing.
     */
    RECENTLY_LISTED("recently_listed"),
    /** Younger than {@code cache.fresh_grace}: until the grace ends. */
    FRESH("fresh"),
    /** Due, but past {@code cache.max_deletions} for one prune: a later prune takes it. */
    MAX_DELETIONS("max_deletions"),
    /** No reason applies: not superseded beyond {@code cache.keep_revisions}, and used recently (until it expires). */
    NOT_DUE("not_due");

    private final String wireName;

    Keep(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * An image the plan does not delete, and why; {@code reason} is what would delete it if nothing kept
   * it (null when none applies), {@code until} when what keeps it ends (null: not by time).
   */
  public record Held(LocalImage image, @Nullable String reason, Keep keep, @Nullable Instant until) {
    /** Whether a reason would delete it and a rule holds it back (a user's image is never a candidate). */
    public boolean heldBack() {
      return reason != null && keep != Keep.PULLED;
    }
  }

  /**
   * The plan, and the images it does not delete with the first rule that keeps each (a user's image,
   * pinned, leased, recently listed, fresh, {@code max_deletions}), or {@code not_due}. Disk pressure holds back only what
   * the cap left out: it never takes an image that must stay.
   */
  public static Decision decide(List<Candidate> all, Inputs in) {
    List<Item> every = uncapped(all, in);
    List<Item> plan = List.copyOf(every.subList(0, Math.min(in.maxDeletions(), every.size())));
    java.util.Set<Long> planned = new java.util.HashSet<>();
    plan.forEach(item -> planned.add(item.image().id()));
    Map<Long, String> overCap = new HashMap<>();
    every.subList(plan.size(), every.size()).forEach(item -> overCap.put(item.image().id(), item.reason()));
    List<Held> kept = new ArrayList<>();
    for (Candidate c : all) {
      if (!planned.contains(c.image().id())) {
        String capped = overCap.get(c.image().id());
        String reason = capped != null ? capped : reasonWithoutPressure(c, in).orElse(null);
        kept.add(keeping(c, reason, in));
      }
    }
    return new Decision(plan, kept);
  }

  /** The rule that keeps an image the plan does not delete. */
  private static Held keeping(Candidate c, @Nullable String reason, Inputs in) {
    LocalImage i = c.image();
    Instant freshUntil = i.uploadedAt().plus(in.freshGrace());
    if (!i.cached()) {
      return new Held(i, reason, Keep.PULLED, null);
    }
    if (i.pinned()) {
      return new Held(i, reason, Keep.PINNED, null);
    }
    if (c.leased()) {
      Instant until = c.leasedUntil().get();
      return new Held(i, reason, Keep.LEASED, until.equals(Instant.MAX) ? null : until);
    }
    if (c.listedAt(in.now())) {
      return new Held(i, reason, Keep.RECENTLY_LISTED, c.listedUntil().get());
    }
    if (freshUntil.isAfter(in.now())) {
      return new Held(i, reason, Keep.FRESH, freshUntil);
    }
    if (reason != null) {
      return new Held(i, reason, Keep.MAX_DELETIONS, null);
    }
    return new Held(i, null, Keep.NOT_DUE, in.expiryDays() > 0 ? lastUse(i).plus(Duration.ofDays(in.expiryDays())) : null);
  }

  /** Bytes that deleting every image that may go (whatever the reason) would free. */
  public static long reclaimable(List<Candidate> all, Inputs in) {
    return reclaimable(all, in, c -> true);
  }

  /**
   * Bytes that deleting every image among {@code which} that may go would free; records outside
   * {@code which} still keep their files.
   */
  public static long reclaimable(List<Candidate> all, Inputs in, java.util.function.Predicate<Candidate> which) {
    Freeing freeing = new Freeing(recordsPerFingerprint(all));
    all.stream().filter(c -> which.test(c) && mayGo(c, in)).forEach(c -> freeing.take(c.image()));
    return freeing.freed();
  }

  /** Whether the image may be deleted at all, whatever the reason. */
  public static boolean mayGo(Candidate c, Inputs in) {
    LocalImage i = c.image();
    return i.cached() && !i.pinned() && !c.leased() && !c.listedAt(in.now()) && !i.uploadedAt().isAfter(in.now().minus(in.freshGrace()));
  }

  private static java.util.Optional<String> reasonWithoutPressure(Candidate c, Inputs in) {
    if (in.reasons().contains(SUPERSEDED) && c.supersededBeyondKeep()) {
      return java.util.Optional.of(SUPERSEDED);
    }
    if (in.reasons().contains(EXPIRED) && isExpired(c.image(), in)) {
      return java.util.Optional.of(EXPIRED);
    }
    return java.util.Optional.empty();
  }

  static boolean isExpired(LocalImage i, Inputs in) {
    if (in.expiryDays() <= 0) {
      return false;
    }
    Instant lastUse = i.lastUsedAt() != null ? i.lastUsedAt() : i.uploadedAt();
    return lastUse.isBefore(in.now().minus(Duration.ofDays(in.expiryDays())));
  }

  private static void addPressure(List<Candidate> all, Inputs in, Map<Long, String> chosen, Map<String, Integer> records) {
    long high = in.high().bytesOf(in.filesystemBytes());
    long low = in.low().bytesOf(in.filesystemBytes());
    if (in.storeBytes() <= high) {
      return;
    }
    Freeing freeing = new Freeing(records);
    all.stream().filter(c -> chosen.containsKey(c.image().id())).forEach(c -> freeing.take(c.image()));
    List<Candidate> lru = all.stream().filter(c -> mayGo(c, in) && !chosen.containsKey(c.image().id()))
        .sorted(Comparator.comparing((Candidate c) -> lastUse(c.image())).thenComparing(c -> c.image().id()))
        .toList();
    for (Candidate c : lru) {
      if (in.storeBytes() - freeing.freed() < low) {
        break;
      }
      chosen.put(c.image().id(), DISK_PRESSURE);
      freeing.take(c.image());
    }
  }

  /** Counts the bytes freed as records are taken: a fingerprint's size once its last record is taken. */
  private static final class Freeing {
    private final Map<String, Integer> left;
    private long freed;

    Freeing(Map<String, Integer> records) {
      this.left = new HashMap<>(records);
    }

    long take(LocalImage i) {
      int remaining = left.merge(i.fingerprint().hex(), -1, Integer::sum);
      long bytes = remaining == 0 ? i.size() : 0;
      freed += bytes;
      return bytes;
    }

    long freed() {
      return freed;
    }
  }

  private static Instant lastUse(LocalImage i) {
    return i.lastUsedAt() != null ? i.lastUsedAt() : i.uploadedAt();
  }

  private static Map<String, Integer> recordsPerFingerprint(List<Candidate> all) {
    Map<String, Integer> n = new HashMap<>();
    all.forEach(c -> n.merge(c.image().fingerprint().hex(), 1, Integer::sum));
    return n;
  }

  private static List<Item> items(List<Candidate> all, Map<Long, String> chosen, Map<String, Integer> records) {
    Map<Long, Candidate> byId = new HashMap<>();
    all.forEach(c -> byId.put(c.image().id(), c));
    List<Item> out = new ArrayList<>();
    Freeing freeing = new Freeing(records);
    for (Map.Entry<Long, String> e : chosen.entrySet()) {
      LocalImage i = Objects.requireNonNull(byId.get(e.getKey()), "a chosen image is a candidate").image();
      out.add(new Item(i, e.getValue(), freeing.take(i)));
    }
    return out;
  }
}
