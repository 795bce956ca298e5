package org.imagecache.remote.simplestreams;

import org.jspecify.annotations.Nullable;

/**
 * Where the parser is inside a document, kept as a small stack of {@code container["key"]} steps and
 * turned into text only when an error needs it, so tracking costs nothing on the happy path.
 */
final class DocPath {
  private static final int MAX_KEY_CHARS = 80;

  private final String[] containers = new String[8];
  private final String[] keys = new String[8];
  private int depth;

  void enter(String container, String key) {
    containers[depth] = container;
    keys[depth] = key;
    depth++;
  }

  void leave() {
    depth--;
  }

  /** The path of a member of the current object, or of the current object when field is null. */
  String at(@Nullable String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        sb.append('.');
      }
      sb.append(containers[i]).append("[\"");
      appendEscaped(sb, keys[i]);
      sb.append("\"]");
    }
    if (field != null) {
      if (depth > 0) {
        sb.append('.');
      }
      appendEscaped(sb, field);
    }
    return sb.length() == 0 ? "(document)" : sb.toString();
  }

  private static void appendEscaped(StringBuilder sb, String text) {
    int end = Math.min(text.length(), MAX_KEY_CHARS);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (text.length() > MAX_KEY_CHARS) {
      sb.append("...");
    }
  }
}
