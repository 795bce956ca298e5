package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;

/** An API object as {@code key: value} lines, nested objects and lists indented below their key. */
final class KeyValues {
  private KeyValues() {}

  static void print(PrintWriter out, JsonNode node) {
    print(out, node, "");
  }

  private static void print(PrintWriter out, JsonNode node, String indent) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject() && !v.isEmpty()) {
        out.println(indent + Printable.of(e.getKey()) + ":");
        print(out, v, indent + "  ");
      } else if (v.isArray() && !v.isEmpty()) {
        out.println(indent + Printable.of(e.getKey()) + ":");
        for (JsonNode item : v) {
          if (item.isObject()) {
            out.println(indent + "  -");
            print(out, item, indent + "    ");
          } else {
            out.println(indent + "  - " + Printable.of(item.asText()));
          }
        }
      } else {
        out.println(indent + Printable.of(e.getKey()) + ": " + Printable.of(scalar(v)));
      }
    }
  }

  private static String scalar(JsonNode v) {
    if (v.isNull()) {
      return "";
    }
    if (v.isContainerNode()) {
      return v.isArray() ? "[]" : "{}";
    }
    return v.asText();
  }
}
