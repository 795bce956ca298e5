package org.imagecache.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image record with everything the API shows of it: aliases, properties, source, leases, its files
 * as verified (empty for an image cached before they were recorded), and the members that hold them
 * ({@code locations}, by name).
 */
public record ImageDetails(LocalImage image, List<ImageAlias> aliases, Map<String, String> properties, Optional<ImageSource> source,
    List<Lease> leases, List<ImageFile> files, List<String> locations) {}
