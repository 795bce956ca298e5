package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void controlCharactersAreShownAsEscapesAndNothingElseChanges() {
    assertThat(Printable.of("x\u001b[2J\u001b]0;TITLE\u0007y")).isEqualTo("x\\x1b[2J\\x1b]0;TITLE\\x07y");
    assertThat(Printable.of("a\nb\rc\td\u007fe\u009bf")).isEqualTo("a\\x0ab\\x0dc\\x09d\\x7fe\\x9bf");
    assertThat(Printable.of("back\\slash")).isEqualTo("back\\\\slash");
    assertThat(Printable.of("ubuntu/24.04 é ✓")).isEqualTo("ubuntu/24.04 é ✓");
    assertThat(Printable.of(null)).isEmpty();
  }

  @Test
  void aTableNeverPrintsARawControlCharacter() {
    StringWriter text = new StringWriter();
    new Table(List.of("ALIAS", "DESCRIPTION")).add(List.of("evil\u001b[2J", "line\nforged: yes")).print(new PrintWriter(text));
    assertThat(text.toString().lines()).hasSize(2);
    assertThat(text.toString()).doesNotContain("\u001b").contains("evil\\x1b[2J").contains("line\\x0aforged: yes");
  }
}
