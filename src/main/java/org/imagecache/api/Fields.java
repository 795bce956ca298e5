package org.imagecache.api;

import static org.imagecache.failure.ImageCacheException.clip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import org.imagecache.failure.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** Reads and validates the fields of a request body; every problem is a 400 that names the field. */
class Fields {
  static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,62}");
  static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
  static final int MAX_ALIAS = 255;

  private final JsonNode body;

  Fields(JsonNode body) {
    this.body = body;
  }

  /** Refuses fields the endpoint does not know (a typo should not be silently ignored). */
  Fields only(Set<String> known) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new InvalidInputException("unknown_field", "Unknown field '" + clip(name) + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return this;
  }

  /** A string field, or null when absent or null. */
  @Nullable String string(String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException("invalid_request", "Field '" + name + "' must be a string");
    }
    return v.asText();
  }

  boolean bool(String name, boolean defaultValue) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (!v.isBoolean()) {
      throw new InvalidInputException("invalid_request", "Field '" + name + "' must be true or false");
    }
    return v.asBoolean();
  }

  JsonNode node(String name) {
    return body.path(name);
  }

  static String project(@Nullable String value) {
    String p = value == null ? "default" : value;
    if (!PROJECT.matcher(p).matches()) {
      throw new InvalidInputException("invalid_project", "Invalid project name '" + clip(p) + "' (letters, digits, _ . + -, at most 63)");
    }
    return p;
  }

  static @Nullable String instance(@Nullable String value) {
    return value == null ? null : instanceName(value);
  }

  /** An instance name that must be there. */
  static String instanceName(String value) {
    if (!INSTANCE.matcher(value).matches()) {
      throw new InvalidInputException("invalid_instance", "Invalid instance name '" + clip(value) + "' (letters, digits and -, at most 63)");
    }
    return value;
  }

  /**
   * An alias name: 1 to 255 characters, no control characters (C0, DEL, C1), no leading or trailing space, and no
   * {@code .} or {@code ..} between slashes (such a name could not be named in a URL path).
   */
  static String alias(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_ALIAS) {
      throw new InvalidInputException("invalid_alias", "Alias must be 1 to " + MAX_ALIAS + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
      throw new InvalidInputException("invalid_alias", "Alias '" + clip(value) + "' has control characters or surrounding spaces");
    }
    for (String segment : value.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidInputException("invalid_alias", "Alias '" + clip(value) + "' has a '.' or '..' segment");
      }
    }
    return value;
  }

}
