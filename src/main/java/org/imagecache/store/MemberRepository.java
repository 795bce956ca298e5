package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_REPLICAS;
import static org.imagecache.store.jooq.Tables.MEMBERS;
import static org.imagecache.store.jooq.Tables.TIER_SECRET;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.imagecache.image.Member;
import org.imagecache.image.Peer;
import org.jooq.impl.DSL;

/** The {@code members} table: the instances that share this database, and where each is reached. */
public final class MemberRepository {

  /** Records a member's start: its address now, started and seen at {@code at}. */
  public void started(Session session, String name, String address, Instant at) {
    long ms = at.toEpochMilli();
    session.dsl().insertInto(MEMBERS, MEMBERS.NAME, MEMBERS.ADDRESS, MEMBERS.STARTED_AT, MEMBERS.SEEN_AT).values(name, address, ms, ms)
        .onConflict(MEMBERS.NAME).doUpdate()
        .set(MEMBERS.ADDRESS, address).set(MEMBERS.STARTED_AT, ms).set(MEMBERS.SEEN_AT, ms)
        .execute();
  }

  /** Every member with the count of images whose files it holds, by name. */
  public List<Member> list(Session session) {
    var held = DSL.field(session.dsl().selectCount().from(IMAGE_REPLICAS).where(IMAGE_REPLICAS.MEMBER.eq(MEMBERS.NAME)));
    return session.dsl().select(MEMBERS.NAME, MEMBERS.ADDRESS, MEMBERS.STARTED_AT, MEMBERS.SEEN_AT, held).from(MEMBERS).orderBy(MEMBERS.NAME)
        .fetch(r -> new Member(r.value1(), r.value2(), Instant.ofEpochMilli(r.value3()), Instant.ofEpochMilli(r.value4()), r.value5()));
  }

  /** Records the SHA-256 of the certificate the member's mirror listener shows ('' for none). */
  public void certificate(Session session, String name, String sha256) {
    session.dsl().update(MEMBERS).set(MEMBERS.CERTIFICATE, sha256).where(MEMBERS.NAME.eq(name)).execute();
  }

  /** The member of this name as a peer fetches from it, if it ever started. */
  public Optional<Peer> peer(Session session, String name) {
    return session.dsl().select(MEMBERS.NAME, MEMBERS.ADDRESS, MEMBERS.CERTIFICATE).from(MEMBERS).where(MEMBERS.NAME.eq(name))
        .fetchOptional(r -> new Peer(r.value1(), r.value2(), r.value3()));
  }

  /**
   * The secret the members show each other on the peer path: {@code candidate} when this is the first
   * member to ask, else the one the first wrote.
   */
  public String tierSecret(Session session, String candidate) {
    session.dsl().insertInto(TIER_SECRET, TIER_SECRET.ID, TIER_SECRET.SECRET).values(1L, candidate).onConflictDoNothing().execute();
    return session.dsl().select(TIER_SECRET.SECRET).from(TIER_SECRET).where(TIER_SECRET.ID.eq(1L)).fetchSingle().value1();
  }
}
