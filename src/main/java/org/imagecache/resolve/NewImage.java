package org.imagecache.resolve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageSource;
import org.imagecache.image.LocalImage;

/**
 * A record to add after its files are in place: the image, its source (when fetched by alias), its
 * properties, and its files as their download verified them.
 */
public record NewImage(LocalImage image, Optional<ImageSource> source, Map<String, String> properties, List<ImageFile> files) {
  public NewImage {
    files = List.copyOf(files);
  }
}
