package org.imagecache.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns, as {@code docker system df} and {@code lxc list} print them. */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public Table add(List<String> row) {
    rows.add(row.stream().map(Printable::of).toList());
    return this;
  }

  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    printRow(out, headers, widths);
    rows.forEach(r -> printRow(out, r, widths));
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      sb.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s   ", cells.get(i)));
    }
    out.println(sb.toString().stripTrailing());
  }
}
