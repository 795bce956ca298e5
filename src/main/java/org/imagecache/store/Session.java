package org.imagecache.store;

import org.jooq.DSLContext;

/**
 * A read or a transaction in progress, as the rest of the service holds it: {@link Database#read} and
 * {@link Database#write} hand one to their function, which passes it to the repositories it calls, so
 * that several of them run in one unit of work. The jOOQ context inside never leaves this package.
 */
public final class Session {
  private final DSLContext dsl;

  Session(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** A session over a jOOQ context: for the store's own tests and tools. */
  static Session of(DSLContext dsl) {
    return new Session(dsl);
  }

  DSLContext dsl() {
    return dsl;
  }
}
