package org.imagecache.image;

import java.time.Instant;

/**
 * A member of the instances that share one database (a single host: itself alone).
 *
 * @param name its {@code cluster.member_name}
 * @param address where the others reach its mirror listener ({@code cluster.address}; empty for none)
 * @param startedAt its last start
 * @param seenAt the last time it said it was there
 * @param images how many images' files it holds
 */
public record Member(String name, String address, Instant startedAt, Instant seenAt, int images) {}
