package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.LEASES;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imagecache.image.Lease;
import org.imagecache.store.jooq.tables.records.LeasesRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** The {@code leases} table. The database refuses to delete an image record a lease still names. */
public final class LeaseRepository {

  public Lease create(Session session, Lease lease) {
    DSLContext dsl = session.dsl();
    LeasesRecord r = dsl.newRecord(LEASES);
    r.setId(lease.id());
    r.setImageId(lease.imageId());
    r.setProject(lease.project());
    r.setHolder(lease.holder());
    r.setKind(lease.kind().wireName());
    r.setCreatedAt(lease.createdAt().toEpochMilli());
    r.setExpiresAt(Times.millis(lease.expiresAt()));
    r.store();
    return lease;
  }

  /** Inserts the lease, or moves its expiry when it exists (a launch lease extended by new lookups). */
  public void upsert(Session session, Lease lease) {
    DSLContext dsl = session.dsl();
    dsl.insertInto(LEASES)
        .set(LEASES.ID, lease.id())
        .set(LEASES.IMAGE_ID, lease.imageId())
        .set(LEASES.PROJECT, lease.project())
        .set(LEASES.HOLDER, lease.holder())
        .set(LEASES.KIND, lease.kind().wireName())
        .set(LEASES.CREATED_AT, lease.createdAt().toEpochMilli())
        .set(LEASES.EXPIRES_AT, Times.millis(lease.expiresAt()))
        .onConflict(LEASES.ID).doUpdate()
        .set(LEASES.EXPIRES_AT, Times.millis(lease.expiresAt()))
        .execute();
  }

  /** Every lease of one kind (at start, to restore launch leases). */
  public List<Lease> listByKind(Session session, Lease.Kind kind) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(LEASES).where(LEASES.KIND.eq(kind.wireName())).orderBy(LEASES.CREATED_AT).fetch(LeaseRepository::toLease);
  }

  /** Every lease, in every project. */
  public List<Lease> listAll(Session session) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(LEASES).orderBy(LEASES.CREATED_AT).fetch(LeaseRepository::toLease);
  }

  public Optional<Lease> find(Session session, String id) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(LEASES).where(LEASES.ID.eq(id)).fetchOptional().map(LeaseRepository::toLease);
  }

  public List<Lease> listForImage(Session session, long imageId) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(LEASES).where(LEASES.IMAGE_ID.eq(imageId)).orderBy(LEASES.CREATED_AT).fetch(LeaseRepository::toLease);
  }

  public List<Lease> list(Session session, String project) {
    DSLContext dsl = session.dsl();
    return dsl.selectFrom(LEASES).where(LEASES.PROJECT.eq(project)).orderBy(LEASES.CREATED_AT).fetch(LeaseRepository::toLease);
  }

  /**
   * For each image record some lease holds at {@code now}, when the last of them ends ({@link Instant#MAX}
   * when an instance lease, which has no end, holds it); one query, however many leases.
   */
  /** Of two lease ends, the later. */
  public static final java.util.function.BinaryOperator<Instant> LATEST = java.util.function.BinaryOperator.maxBy(java.util.Comparator.naturalOrder());

  public java.util.Map<Long, Instant> activeUntil(Session session, Instant now) {
    DSLContext dsl = session.dsl();
    java.util.Map<Long, Instant> out = new java.util.HashMap<>();
    dsl.select(LEASES.IMAGE_ID, LEASES.EXPIRES_AT).from(LEASES).where(active(now)).fetch().forEach(r -> {
      Instant end = r.value2() == null ? Instant.MAX : Times.instant(r.value2());
      out.merge(r.value1(), end, LATEST);
    });
    return out;
  }

  /** Whether a lease that has not expired at {@code now} holds the image record. */
  public boolean isLeased(Session session, long imageId, Instant now) {
    DSLContext dsl = session.dsl();
    return dsl.fetchExists(LEASES, LEASES.IMAGE_ID.eq(imageId).and(active(now)));
  }

  public boolean delete(Session session, String id) {
    DSLContext dsl = session.dsl();
    return dsl.deleteFrom(LEASES).where(LEASES.ID.eq(id)).execute() == 1;
  }

  /** Removes leases that expired at or before {@code now}; returns how many. */
  public int deleteExpired(Session session, Instant now) {
    DSLContext dsl = session.dsl();
    return dsl.deleteFrom(LEASES).where(LEASES.EXPIRES_AT.le(now.toEpochMilli())).execute();
  }

  private static Condition active(Instant now) {
    return LEASES.EXPIRES_AT.isNull().or(LEASES.EXPIRES_AT.gt(now.toEpochMilli()));
  }

  private static Lease toLease(LeasesRecord r) {
    return new Lease(r.getId(), r.getImageId(), r.getProject(), r.getHolder(), Lease.Kind.fromWireName(r.getKind()),
        Instant.ofEpochMilli(r.getCreatedAt()), Times.instant(r.getExpiresAt()));
  }
}
