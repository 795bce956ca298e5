package org.imagecache.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.imagecache.image.InvalidInputException;

/** The API's one JSON mapper: snake_case names, ISO-8601 times, bounded nesting. */
public final class Json {
  public static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
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

  /** The request body as a JSON object; a missing, malformed or non-object body is a 400. */
  public static JsonNode bodyObject(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new InvalidInputException("invalid_json", "Request body must be a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body.getBytes());
    } catch (java.io.IOException e) {
      throw new InvalidInputException("invalid_json", "Request body is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("invalid_json", "Request body must be a JSON object");
    }
    return node;
  }
}
