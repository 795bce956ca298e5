package org.imagecache.remote.simplestreams;

import org.imagecache.failure.CatalogFormatException;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the real fixtures (delete a member, change a type, truncate, insert garbage,
 * swap values, huge numbers): whatever comes in, only {@link CatalogFormatException} may come out.
 */
class MutationFuzzTest {
  private static final int MUTATIONS = 4000;
  private static final String[] REPLACEMENTS = {"null", "[]", "{}", "\"x\"", "-1", "1e999", "true",
      "99999999999999999999999999", "1.5", "\"../../etc/passwd\"", "\"http://evil/\"", "{\"a\":[[[]]]}"};

  @Test
  void onlyCatalogFormatExceptionComesOut() throws IOException {
    List<byte[]> seeds = seeds(Fixtures.root());
    SplittableRandom random = new SplittableRandom(20240821L);
    int refused = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] mutated = mutate(seed, random);
      refused += attempt(() -> CatalogBuilder.fromProducts(mutated, "fuzz.json", "x86_64"));
      refused += attempt(() -> CatalogBuilder.build(mutated, path -> seed, "x86_64"));
    }
    assertThat(refused).isBetween(1, 2 * MUTATIONS - 1);
  }

  /** 1 when the parse refused the document, 0 when it parsed; anything else fails the test. */
  private static int attempt(Runnable parse) {
    try {
      parse.run();
      return 0;
    } catch (CatalogFormatException e) {
      assertThat(e.reason()).isEqualTo("catalog_invalid");
      assertThat(e.getMessage()).isNotBlank();
      return 1;
    }
  }

  private static List<byte[]> seeds(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !root.relativize(p).startsWith("lxd-5.0.2-listings"))
          .map(MutationFuzzTest::read).toList();
    }
  }

  private static byte[] mutate(byte[] seed, SplittableRandom random) {
    String text = new String(seed, StandardCharsets.UTF_8);
    int at = random.nextInt(text.length());
    return (switch (random.nextInt(6)) {
      case 0 -> deleteMember(text, at);
      case 1 -> replaceValue(text, at, REPLACEMENTS[random.nextInt(REPLACEMENTS.length)]);
      case 2 -> text.substring(0, at);
      case 3 -> text.substring(0, at) + garbage(random) + text.substring(at);
      case 4 -> swapValues(text, at, random.nextInt(text.length()));
      default -> replaceValue(text, at, Long.toString(random.nextLong()));
    }).getBytes(StandardCharsets.UTF_8);
  }

  /** Removes the "name": value member that starts at the first quote after {@code at}. */
  private static String deleteMember(String text, int at) {
    int colon = text.indexOf("\":", at);
    if (colon < 0) {
      return text;
    }
    int start = text.lastIndexOf('"', colon - 1);
    int end = valueEnd(text, colon + 2);
    return text.substring(0, Math.max(0, start)) + text.substring(end);
  }

  private static String replaceValue(String text, int at, String value) {
    int colon = text.indexOf("\":", at);
    if (colon < 0) {
      return text;
    }
    return text.substring(0, colon + 2) + value + text.substring(valueEnd(text, colon + 2));
  }

  private static String swapValues(String text, int a, int b) {
    int first = text.indexOf("\":", Math.min(a, b));
    int second = text.indexOf("\":", Math.max(a, b));
    if (first < 0 || second < 0) {
      return text;
    }
    int firstEnd = valueEnd(text, first + 2);
    if (second + 2 < firstEnd) {
      return text;
    }
    String one = text.substring(first + 2, firstEnd);
    String two = text.substring(second + 2, valueEnd(text, second + 2));
    return text.substring(0, first + 2) + two + text.substring(firstEnd, second + 2) + one
        + text.substring(second + 2 + two.length());
  }

  /** The end of the (roughly bracketed) value that starts at {@code from}. */
  private static int valueEnd(String text, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  private static String garbage(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(1, 8); i > 0; i--) {
      sb.append((char) random.nextInt(0, 0x3000));
    }
    return sb.toString();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
