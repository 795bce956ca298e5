package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void sizesUseBinaryUnitsWithOneDecimal() {
    assertThat(Formats.size(0)).isEqualTo("0B");
    assertThat(Formats.size(1023)).isEqualTo("1023B");
    assertThat(Formats.size(1536)).isEqualTo("1.5KiB");
    assertThat(Formats.size(1_258_291)).isEqualTo("1.2MiB");
  }

  @Test
  void percentagesAreWholeAndRounded() {
    assertThat(Formats.percent(0)).isEqualTo("0%");
    assertThat(Formats.percent(0.4)).isEqualTo("40%");
    assertThat(Formats.percent(2.0 / 3)).isEqualTo("67%");
    assertThat(Formats.percent(1)).isEqualTo("100%");
    assertThat(Formats.percent(Double.NaN)).isEqualTo("0%");
  }

  @Test
  void reclaimableShowsItsShareAsDockerDoes() {
    assertThat(Formats.sizeWithShare(1_258_291, 3_145_728)).isEqualTo("1.2MiB (40%)");
    assertThat(Formats.sizeWithShare(0, 0)).isEqualTo("0B (0%)");
  }

  @Test
  void etaRoundsUpAndIsUnknownWithoutSpeed() {
    assertThat(Formats.eta(1000, 0)).isEqualTo("--");
    assertThat(Formats.eta(0, 100)).isEqualTo("0s");
    assertThat(Formats.eta(1001, 100)).isEqualTo("11s");
    assertThat(Formats.eta(125 * 1024, 1024)).isEqualTo("2m05s");
    assertThat(Formats.eta(3720L * 10, 10)).isEqualTo("1h02m");
  }

  @Test
  void speedIsASizePerSecond() {
    assertThat(Formats.speed(1_258_291)).isEqualTo("1.2MiB/s");
    assertThat(Formats.speed(-5)).isEqualTo("0B/s");
  }

  @Test
  void fingerprintsAreShortenedTo12() {
    assertThat(Formats.shortFingerprint("b8675e5ecf29a420d79142595b51")).isEqualTo("b8675e5ecf29");
    assertThat(Formats.shortFingerprint("abc")).isEqualTo("abc");
  }

  @Test
  void timestampsReadAsAgesAndTimes() {
    Instant now = Instant.parse("2026-11-01T12:00:00Z");
    assertThat(Formats.ago(new TextNode("2026-11-01T11:57:00Z"), now)).isEqualTo("3m ago");
    assertThat(Formats.ago(com.fasterxml.jackson.databind.node.NullNode.getInstance(), now)).isEqualTo("never");
    assertThat(Formats.time(new TextNode("2026-11-01T07:44:06.268085515Z"))).isEqualTo("2026-11-01 07:44:06");
    assertThat(Formats.time(new TextNode("2026-11-01T07:44:06Z"))).isEqualTo("2026-11-01 07:44:06");
  }

  @Test
  void aliasNamesAreJoined() throws Exception {
    var aliases = new ObjectMapper().readTree("[{\"name\":\"base\"},{\"name\":\"testos/1\"}]");
    assertThat(Formats.names(aliases)).isEqualTo("base,testos/1");
  }
}
