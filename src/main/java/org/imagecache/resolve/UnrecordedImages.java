package org.imagecache.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.LocalImage;

/**
 * Images whose files this member has, verified, and whose records could not be written because the
 * shared database was out of reach: each is answered from here under a provisional id (negative: no
 * record has it) until its record is written ({@link WriteBehind} tries every second), so a member keeps
 * launching what it downloaded during an outage. Only in memory: a member that stops before the
 * database returns leaves the files without a record, and its next start's sweep removes them (an
 * orphan never stays).
 */
public final class UnrecordedImages {
  /** One image waiting for its record: what to write, and the image as lookups were answered with it. */
  public record Unrecorded(NewImage image, LocalImage provisional) {}

  private record Key(String project, Fingerprint fingerprint) {}

  private final Map<Key, Unrecorded> waiting = new ConcurrentHashMap<>();
  private final AtomicLong provisionalIds = new AtomicLong();

  /** Keeps the image until its record is written; the project's image already kept stays (one per project and fingerprint). */
  public LocalImage add(NewImage n) {
    LocalImage image = n.image();
    return waiting.computeIfAbsent(new Key(image.project(), image.fingerprint()),
        k -> new Unrecorded(n, image.withId(provisionalIds.decrementAndGet()))).provisional();
  }

  public Optional<LocalImage> find(String project, Fingerprint fp) {
    return Optional.ofNullable(waiting.get(new Key(project, fp))).map(Unrecorded::provisional);
  }

  /** Any project's image of the fingerprint. */
  public Optional<LocalImage> findInAnyProject(Fingerprint fp) {
    return waiting.values().stream().map(Unrecorded::provisional).filter(i -> i.fingerprint().equals(fp)).findFirst();
  }

  /** Prefer-cached among these: the newest cached image with auto-update on whose source is the key's. */
  public Optional<LocalImage> findPreferred(LocalImages.PreferKey key) {
    return waiting.values().stream()
        .filter(u -> u.provisional().project().equals(key.project()) && u.provisional().cached() && u.provisional().autoUpdate())
        .filter(u -> u.provisional().architecture().equals(key.architecture()) && u.provisional().type() == key.type())
        .filter(u -> u.image().source().filter(s -> s.server().equals(key.server()) && s.protocol().equals(key.protocol())
            && s.alias().equals(key.alias())).isPresent())
        .map(Unrecorded::provisional)
        .max(java.util.Comparator.comparing(LocalImage::uploadedAt));
  }

  /** Those waiting now, oldest first. */
  public List<Unrecorded> all() {
    List<Unrecorded> all = new ArrayList<>(waiting.values());
    all.sort(java.util.Comparator.comparingLong(u -> -u.provisional().id()));
    return all;
  }

  /** The image's record is written (or its files went): it is no longer answered from here. */
  public void remove(Unrecorded u) {
    waiting.remove(new Key(u.provisional().project(), u.provisional().fingerprint()), u);
  }

  public boolean isEmpty() {
    return waiting.isEmpty();
  }
}
