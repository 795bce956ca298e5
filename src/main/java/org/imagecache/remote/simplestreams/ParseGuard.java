package org.imagecache.remote.simplestreams;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.imagecache.failure.CatalogFormatException;

/**
 * The one place where anything thrown while reading a document becomes a {@link
 * CatalogFormatException}, so that no Jackson, I/O or runtime exception leaves the parsers.
 */
final class ParseGuard {
  private ParseGuard() {}

  /** A parsing step over bytes already in memory. */
  interface Step<T> {
    T run() throws IOException;
  }

  static <T> T run(String source, Step<T> step) {
    try {
      return step.run();
    } catch (CatalogFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new CatalogFormatException(
          source + ": malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CatalogFormatException(
          source + ": unreadable document (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }
}
