package org.imagecache.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.imagecache.failure.InvalidInputException;

/**
 * The API's one JSON mapper: snake_case names, ISO-8601 times, bounded nesting and string length, and
 * strict reading: content after the value and a key given twice are malformed JSON (a lenient parser
 * and a strict proxy in front of it would otherwise read two different requests).
 */
public final class Json {
  public static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(64)
        .maxStringLength(1 << 20)
        .build());
    return m;
  }

  public static Buffer encode(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed encoding " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The request body as a JSON object; a missing, malformed or non-object body is a 400, and so is one
   * that is not strict UTF-8 (Jackson alone reads an overlong {@code C0 AF} as '/' and a code point
   * above U+10FFFF as two broken surrogates).
   */
  public static JsonNode bodyObject(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new InvalidInputException("invalid_json", "Request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(strictUtf8(body.getBytes()));
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("invalid_json", "Request body is not valid UTF-8");
    } catch (java.io.IOException e) {
      throw new InvalidInputException("invalid_json", "Request body is not valid JSON: "
          + Objects.requireNonNullElse(e.getMessage(), "").lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("invalid_json", "Request body must be a JSON object");
    }
    return node;
  }

  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
