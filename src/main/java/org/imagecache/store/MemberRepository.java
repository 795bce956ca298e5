package org.imagecache.store;

import static org.imagecache.store.jooq.Tables.IMAGE_REPLICAS;
import static org.imagecache.store.jooq.Tables.MEMBERS;

import java.time.Instant;
import java.util.List;
import org.imagecache.image.Member;
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
}
