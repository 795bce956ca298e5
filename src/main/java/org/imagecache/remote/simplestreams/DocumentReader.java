package org.imagecache.remote.simplestreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.imagecache.failure.CatalogFormatException;
import org.jspecify.annotations.Nullable;

/**
 * A thin layer over Jackson's streaming parser that reads values by the JSON type the simplestreams
 * format gives them and reports a wrong type as a {@link CatalogFormatException} naming the place in
 * the document. JSON {@code null} reads as "absent", as Go's decoder (LXD's) treats it.
 */
final class DocumentReader implements AutoCloseable {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Returned by {@link #integer} for integers beyond the range of a long; callers bound sizes. */
  static final long OUT_OF_RANGE = Long.MAX_VALUE;

  private final JsonParser parser;
  private final String source;
  final DocPath path = new DocPath();

  DocumentReader(byte[] json, String source) throws IOException {
    this.parser = FACTORY.createParser(json);
    this.source = source;
  }

  /** Reads the first token and requires the document to be a JSON object. */
  void startDocument() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new CatalogFormatException(source + ": the document is empty");
    }
    if (token != JsonToken.START_OBJECT) {
      throw new CatalogFormatException(source + ": the document must be a JSON object, found " + describe(token));
    }
  }

  /** Requires that nothing but whitespace follows the root object. */
  void endDocument() throws IOException {
    JsonToken token = parser.nextToken();
    if (token != null) {
      throw new CatalogFormatException(source + ": unexpected content after the document at " + where());
    }
  }

  /** The next member name of the current object, or null at its end. Leaves the parser on the value. */
  @Nullable String nextField() throws IOException {
    String name = parser.nextFieldName();
    if (name == null) {
      return null;
    }
    parser.nextToken();
    return name;
  }

  /** True when the current value is an object; false for null; a type error otherwise. */
  boolean object(@Nullable String field) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      return true;
    }
    if (token == JsonToken.VALUE_NULL) {
      return false;
    }
    throw typeError(field, "an object");
  }

  /** True when the current value is an object; false (and the value skipped) for anything else. */
  boolean objectOrSkip() throws IOException {
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      return true;
    }
    parser.skipChildren();
    return false;
  }

  /** True when the current value is an array; false for null; a type error otherwise. */
  boolean array(String field) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_ARRAY) {
      return true;
    }
    if (token == JsonToken.VALUE_NULL) {
      return false;
    }
    throw typeError(field, "an array");
  }

  /** The next array element as a string, or null at the end of the array. */
  @Nullable String nextArrayString(String field) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw typeError(field + "[]", "an array of strings");
    }
    return parser.getText();
  }

  /** The current value as a string; null for JSON null; a type error otherwise. */
  @Nullable String string(@Nullable String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    throw typeError(field, "a string");
  }

  /**
   * Requires the current value to be a string or null, without reading it: for members whose type
   * the format fixes but whose value the catalog does not use.
   */
  void checkString(String field) {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
      throw typeError(field, "a string");
    }
  }

  /**
   * The current value as an integer; null for JSON null; {@link #OUT_OF_RANGE} (or its negation) for
   * integers a long cannot hold; a type error for anything else, fractions included.
   */
  @Nullable Long integer(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return parser.getBigIntegerValue().signum() < 0 ? -OUT_OF_RANGE : OUT_OF_RANGE;
      }
      return parser.getLongValue();
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    throw typeError(field, "an integer");
  }

  /** Skips the current value, whatever it is. */
  void skip() throws IOException {
    parser.skipChildren();
  }

  String source() {
    return source;
  }

  CatalogFormatException typeError(@Nullable String field, String expected) {
    return new CatalogFormatException(source + ": " + path.at(field) + " must be " + expected
        + ", found " + describe(parser.currentToken()));
  }

  CatalogFormatException missing(String field) {
    return new CatalogFormatException(source + ": " + path.at(field) + " is missing");
  }

  private String where() {
    JsonLocation loc = parser.currentLocation();
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the document";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a fractional number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
