package org.imagecache.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --format table|json|yaml} for every listing: a table for people, JSON or YAML (the API's metadata) for scripts. */
public final class OutputFormat {
  /** The formats. */
  public enum Kind { table, json, yaml }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Kind format = Kind.table;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Prints the metadata as JSON or YAML, or as a table with these columns taken from each row. */
  public void print(PrintWriter out, JsonNode rows, List<String> headers, Function<JsonNode, List<String>> columns) {
    try {
      switch (format) {
        case json -> out.println(JSON.writeValueAsString(rows));
        case yaml -> out.print(YAML.writeValueAsString(rows));
        case table -> {
          Table t = new Table(headers);
          rows.forEach(r -> t.add(columns.apply(r)));
          t.print(out);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("cannot print the answer: " + e.getOriginalMessage());
    }
    out.flush();
  }

  /** Prints one object: every field as KEY: VALUE lines for a table, else as JSON or YAML. */
  public void printObject(PrintWriter out, JsonNode object) {
    if (isTable()) {
      KeyValues.print(out, object);
      out.flush();
    } else {
      print(out, object, List.of(), x -> List.of());
    }
  }

  public boolean isTable() {
    return format == Kind.table;
  }
}
