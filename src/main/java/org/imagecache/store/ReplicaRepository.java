package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGES;
import static org.imagecache.store.jooq.Tables.IMAGE_REPLICAS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagecache.image.Fingerprint;

/** The {@code image_replicas} table: which member holds the verified files of which fingerprint. */
public final class ReplicaRepository {
  private static final int CHUNK = 500;

  /** Records that {@code member} holds the fingerprint's files, verified at {@code at} (a later verification moves the time). */
  public void put(Session session, Fingerprint fingerprint, String member, Instant at) {
    session.dsl().insertInto(IMAGE_REPLICAS, IMAGE_REPLICAS.FINGERPRINT, IMAGE_REPLICAS.MEMBER, IMAGE_REPLICAS.VERIFIED_AT)
        .values(fingerprint.hex(), member, at.toEpochMilli())
        .onConflict(IMAGE_REPLICAS.FINGERPRINT, IMAGE_REPLICAS.MEMBER).doUpdate()
        .set(IMAGE_REPLICAS.VERIFIED_AT, at.toEpochMilli())
        .execute();
  }

  /** Records that {@code member} no longer holds the fingerprint's files. */
  public void delete(Session session, Fingerprint fingerprint, String member) {
    session.dsl().deleteFrom(IMAGE_REPLICAS).where(IMAGE_REPLICAS.FINGERPRINT.eq(fingerprint.hex()).and(IMAGE_REPLICAS.MEMBER.eq(member))).execute();
  }

  /** The members holding each of these fingerprints' files, by name; a fingerprint nobody holds is absent. */
  public Map<Fingerprint, List<String>> holders(Session session, Collection<Fingerprint> fingerprints) {
    Map<Fingerprint, List<String>> out = new LinkedHashMap<>();
    List<String> all = fingerprints.stream().map(Fingerprint::hex).distinct().toList();
    for (int from = 0; from < all.size(); from += CHUNK) {
      session.dsl().select(IMAGE_REPLICAS.FINGERPRINT, IMAGE_REPLICAS.MEMBER).from(IMAGE_REPLICAS)
          .where(IMAGE_REPLICAS.FINGERPRINT.in(all.subList(from, Math.min(all.size(), from + CHUNK))))
          .orderBy(IMAGE_REPLICAS.FINGERPRINT, IMAGE_REPLICAS.MEMBER)
          .forEach(r -> out.computeIfAbsent(Fingerprint.of(r.value1()), k -> new ArrayList<>()).add(r.value2()));
    }
    return out;
  }

  /** The fingerprints whose files {@code member} holds, as recorded. */
  public Set<Fingerprint> heldBy(Session session, String member) {
    Set<Fingerprint> out = new HashSet<>();
    session.dsl().select(IMAGE_REPLICAS.FINGERPRINT).from(IMAGE_REPLICAS).where(IMAGE_REPLICAS.MEMBER.eq(member))
        .forEach(r -> out.add(Fingerprint.of(r.value1())));
    return out;
  }

  /**
   * The fingerprints {@code member} holds files of that no image record refers to any more: another
   * member deleted the last record (an operator's delete), and these are this member's copies of it.
   */
  public Set<Fingerprint> unrecordedHeldBy(Session session, String member) {
    Set<Fingerprint> out = new HashSet<>();
    session.dsl().select(IMAGE_REPLICAS.FINGERPRINT).from(IMAGE_REPLICAS)
        .where(IMAGE_REPLICAS.MEMBER.eq(member))
        .andNotExists(session.dsl().selectOne().from(IMAGES).where(IMAGES.FINGERPRINT.eq(IMAGE_REPLICAS.FINGERPRINT)))
        .forEach(r -> out.add(Fingerprint.of(r.value1())));
    return out;
  }

  /**
   * Sets {@code member}'s rows to what its disk holds: a row for each of {@code held} that has none (verified
   * {@code at}), and none for a fingerprint not in it. Returns how many rows were added and removed.
   */
  public Reconciled reconcile(Session session, String member, Set<Fingerprint> held, Instant at) {
    Set<Fingerprint> recorded = heldBy(session, member);
    int removed = 0;
    for (Fingerprint f : recorded) {
      if (!held.contains(f)) {
        delete(session, f, member);
        removed++;
      }
    }
    int added = 0;
    for (Fingerprint f : held) {
      if (!recorded.contains(f)) {
        put(session, f, member, at);
        added++;
      }
    }
    return new Reconciled(added, removed);
  }

  /** What {@link #reconcile} changed. */
  public record Reconciled(int added, int removed) {}
}
