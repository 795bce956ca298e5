package org.imagecache.remote.simplestreams;

import java.util.List;

/**
 * A product that lists aliases but offers no image this catalog can use (such as cloud-images'
 * maverick, which has no {@code lxd.tar.xz}). Its aliases still name it, so another product holding
 * the same alias on the same architecture does not get it unchallenged: which one the user means would
 * be a guess. As its image type is unknown, it claims its aliases for both types.
 */
record AliasClaimant(String productId, String productArch, String kernelArch, List<String> aliasNames) {}
