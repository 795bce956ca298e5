package org.imagecache.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.config.Watermark;
import org.imagecache.image.LocalImage;

/**
 * What a prune would delete, and why. Plain Java: a test drives it with a clock and lists of images.
 *
 * <p>A cached image may go for {@code expired} (unused for {@code images.remote_cache_expiry} days:
 * last use, else download time; 0 = never), {@code superseded} (an older revision beyond
 * {@code cache.keep_revisions}), or {@code disk_pressure} (the store is above the high watermark:
 * least recently used first until it is below the low one). Never: images a user pulled (not cached),
 * pinned ones, leased ones, and ones younger than {@code cache.fresh_grace}. At most
 * {@code cache.max_deletions} per plan. Bytes are freed when the last record of a fingerprint goes.
 */
public final class PrunePolicy {
  public static final String EXPIRED = "expired";
  public static final String SUPERSEDED = "superseded";
  public static final String DISK_PRESSURE = "disk_pressure";
  public static final List<String> REASONS = List.of(EXPIRED, DISK_PRESSURE, SUPERSEDED);

  private PrunePolicy() {}

  /** An image record as the policy sees it. */
  public record Candidate(LocalImage image, boolean leased, boolean supersededBeyondKeep) {}

  /**
   * What the policy needs besides the images.
   *
   * @param storeBytes bytes the image store holds now
   * @param filesystemBytes size of the store's filesystem (for percentage watermarks)
   * @param reasons the reasons to consider (a subset of {@link #REASONS})
   */
  public record Inputs(Instant now, int expiryDays, Duration freshGrace, Watermark high, Watermark low,
      long storeBytes, long filesystemBytes, int maxDeletions, Set<String> reasons) {}

  /** One planned deletion. {@code bytesFreed} is 0 when another record keeps the files. */
  public record Item(LocalImage image, String reason, long bytesFreed) {}

  public static List<Item> plan(List<Candidate> all, Inputs in) {
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
    return items(all, chosen, records, in.maxDeletions());
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
    return i.cached() && !i.pinned() && !c.leased() && !i.uploadedAt().isAfter(in.now().minus(in.freshGrace()));
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

  private static List<Item> items(List<Candidate> all, Map<Long, String> chosen, Map<String, Integer> records, int max) {
    Map<Long, Candidate> byId = new HashMap<>();
    all.forEach(c -> byId.put(c.image().id(), c));
    List<Item> out = new ArrayList<>();
    Freeing freeing = new Freeing(records);
    for (Map.Entry<Long, String> e : chosen.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      LocalImage i = byId.get(e.getKey()).image();
      out.add(new Item(i, e.getValue(), freeing.take(i)));
    }
    return out;
  }
}
