/**
 * SQLite through jOOQ: the {@link org.imagecache.store.Database} (one writer, a small reader pool,
 * never on an event loop), the start-up {@link org.imagecache.store.Migrations}, and one repository per
 * table. Repositories take the {@code DSLContext} of the read or transaction they run in. Generated
 * jOOQ code ({@code store.jooq}) never leaves this package. Depends on {@code image}.
 */
package org.imagecache.store;
