/**
 * The database through jOOQ: the {@link org.imagecache.store.Database} (one writer, a small reader pool,
 * never on an event loop), the start-up {@link org.imagecache.store.Migrations}, and one repository per
 * table. Callers get a {@link org.imagecache.store.Session} (a read or a transaction) and pass it to the
 * repositories they call; jOOQ, Flyway, HikariCP, the SQLite driver and the generated code
 * ({@code store.jooq}) never leave this package.
 *
 * <p>May use: {@code image}, {@code failure}.
 */
package org.imagecache.store;
