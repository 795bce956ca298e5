package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void aBarShowsBytesPercentSpeedAndEta() {
    ProgressLine p = new ProgressLine(512 * 1024, 1024 * 1024, 256 * 1024);

    assertThat(p.percent()).isEqualTo(50);
    assertThat(p.bar()).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "]  50%  512.0KiB/1.0MiB  256.0KiB/s  ETA 2s");
  }

  @Test
  void anUnknownTotalShowsNoPercentOrEta() {
    ProgressLine p = new ProgressLine(2048, 0, 1024);

    assertThat(p.text()).isEqualTo("  0%  2.0KiB/?  1.0KiB/s  ETA --");
  }

  @Test
  void theFinalLineSaysDone() {
    assertThat(new ProgressLine(1024 * 1024, 1024 * 1024, 2 * 1024 * 1024).done()).isEqualTo("100%  1.0MiB  2.0MiB/s  done");
    assertThat(new ProgressLine(0, 0, 0).done()).isEqualTo("100%  nothing to download  done");
  }

  @Test
  void plainProgressPrintsAtMostOneLineASecondAndTheFinalLine() {
    StringWriter s = new StringWriter();
    ProgressView view = new ProgressView.Plain(new PrintWriter(s));

    view.update(new ProgressLine(1, 10, 1));
    view.update(new ProgressLine(2, 10, 1));
    view.update(new ProgressLine(3, 10, 1));
    view.finish(new ProgressLine(10, 10, 1), true);

    assertThat(s.toString().lines()).hasSize(2).last().asString().endsWith("done");
  }

  @Test
  void aLiveBarRedrawsOneLineWithCarriageReturns() {
    StringWriter s = new StringWriter();
    ProgressView view = new ProgressView.Live(new PrintWriter(s));

    view.update(new ProgressLine(1, 10, 1));
    view.update(new ProgressLine(5, 10, 1));
    view.finish(new ProgressLine(10, 10, 1), true);

    assertThat(s.toString()).startsWith("\r[").contains("\r100%").endsWith(System.lineSeparator());
    assertThat(s.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }
}
