package org.imagecache.remote.simplestreams;

import java.util.List;
import org.imagecache.failure.CatalogFormatException;

/**
 * A parsed {@code streams/v1/index.json} ({@code index:1.0}): its entries in document order, and the
 * warnings about what was skipped (such as the non-object values that Multipass's test data puts
 * inside the {@code index} map).
 */
public record StreamIndex(List<IndexEntry> entries, List<String> warnings) {
  public StreamIndex {
    entries = List.copyOf(entries);
    warnings = List.copyOf(warnings);
  }

  /**
   * Parses an index document.
   *
   * @param json the bytes of {@code index.json}
   * @param source the document's path, used in error messages
   * @throws CatalogFormatException when the bytes are not an index: malformed JSON, no {@code index}
   *     object, an entry member of the wrong type, an entry without a path; nothing else is thrown
   */
  public static StreamIndex parse(byte[] json, String source) {
    return IndexParser.parse(json, source);
  }

  /** The entries a catalog is built from: datatype {@code image-downloads}, in document order. */
  public List<IndexEntry> imageDownloads() {
    return entries.stream().filter(IndexEntry::isImageDownloads).toList();
  }
}
