package org.imagecache.remote.simplestreams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code streams/v1/index.json} with Jackson's streaming parser. Values inside {@code index}
 * that are not objects are skipped with a warning rather than refused: Multipass's own index files put
 * {@code "updated"} and {@code "format"} strings there, and every content entry beside them is still
 * good.
 */
final class IndexParser {
  private final DocumentReader in;
  private final List<String> warnings = new ArrayList<>();

  private IndexParser(DocumentReader in) {
    this.in = in;
  }

  static StreamIndex parse(byte[] json, String source) {
    return ParseGuard.run(source, () -> {
      try (DocumentReader in = new DocumentReader(json, source)) {
        return new IndexParser(in).document();
      }
    });
  }

  private StreamIndex document() throws IOException {
    in.startDocument();
    List<IndexEntry> entries = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (field.equals("index")) {
        entries = in.object(field) ? entries() : null;
      } else {
        in.skip();
      }
    }
    in.endDocument();
    if (entries == null) {
      throw in.missing("index");
    }
    return new StreamIndex(entries, warnings);
  }

  private List<IndexEntry> entries() throws IOException {
    List<IndexEntry> entries = new ArrayList<>();
    for (String id = in.nextField(); id != null; id = in.nextField()) {
      in.path.enter("index", id);
      if (in.objectOrSkip()) {
        entries.add(entry(id));
      } else {
        warnings.add(in.source() + ": skipped " + in.path.at(null) + ", which is not an object");
      }
      in.path.leave();
    }
    return entries;
  }

  private IndexEntry entry(String id) throws IOException {
    String datatype = null;
    String path = null;
    List<String> products = List.of();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "datatype" -> datatype = in.string(field);
        case "path" -> path = in.string(field);
        case "products" -> products = in.array(field) ? products(field) : List.of();
        default -> in.skip();
      }
    }
    if (path == null) {
      throw in.missing("path");
    }
    return new IndexEntry(id, datatype == null ? "" : datatype, path, products);
  }

  private List<String> products(String field) throws IOException {
    List<String> products = new ArrayList<>();
    for (String id = in.nextArrayString(field); id != null; id = in.nextArrayString(field)) {
      products.add(id);
    }
    return products;
  }
}
