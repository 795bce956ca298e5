package org.imagecache.config;

import java.util.Optional;

/**
 * {@code cluster.*}: this instance as a member of the ones that share its database.
 *
 * @param memberName its name among them; empty: the host's name
 * @param address where the others reach its mirror listener (an https:// or http:// URL), if anywhere
 */
public record ClusterConfig(Optional<String> memberName, Optional<java.net.URI> address) {}
