package org.imagecache.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One byte range of RFC 9110 against a file's size. */
class ByteRangeTest {
  private static final long SIZE = 1000;

  @Test
  void noHeader_orOneThatIsNotOneByteRange_isTheWholeFile() {
    assertThat(ByteRange.of(null, SIZE)).isEqualTo(new ByteRange.Whole(SIZE));
    assertThat(ByteRange.of("bytes=0-1,5-6", SIZE)).as("several ranges").isEqualTo(new ByteRange.Whole(SIZE));
    assertThat(ByteRange.of("items=0-1", SIZE)).isEqualTo(new ByteRange.Whole(SIZE));
    assertThat(ByteRange.of("bytes=-", SIZE)).isEqualTo(new ByteRange.Whole(SIZE));
    assertThat(ByteRange.of("bytes=5-2", SIZE)).as("last before first: invalid, ignored").isEqualTo(new ByteRange.Whole(SIZE));
    assertThat(ByteRange.of("bytes=99999999999999999999-", SIZE)).as("past a long").isEqualTo(new ByteRange.Whole(SIZE));
  }

  @Test
  void aRange_isClampedToTheFile_andSaysSo() {
    ByteRange.Part part = (ByteRange.Part) ByteRange.of("bytes=10-19", SIZE);
    assertThat(part).isEqualTo(new ByteRange.Part(10, 19, SIZE));
    assertThat(part.length()).isEqualTo(10);
    assertThat(part.contentRange()).isEqualTo("bytes 10-19/1000");
    assertThat(ByteRange.of("bytes=990-5000", SIZE)).isEqualTo(new ByteRange.Part(990, 999, SIZE));
    assertThat(ByteRange.of("bytes=500-", SIZE)).isEqualTo(new ByteRange.Part(500, 999, SIZE));
    assertThat(ByteRange.of(" bytes=0-0 ", SIZE)).isEqualTo(new ByteRange.Part(0, 0, SIZE));
  }

  @Test
  void aSuffix_isTheLastBytes_theWholeFileAtMost() {
    assertThat(ByteRange.of("bytes=-100", SIZE)).isEqualTo(new ByteRange.Part(900, 999, SIZE));
    assertThat(ByteRange.of("bytes=-5000", SIZE)).isEqualTo(new ByteRange.Part(0, 999, SIZE));
  }

  @Test
  void aRangeWithNoByteInTheFile_isUnsatisfiable() {
    ByteRange.Unsatisfiable none = (ByteRange.Unsatisfiable) ByteRange.of("bytes=1000-", SIZE);
    assertThat(none.contentRange()).isEqualTo("bytes */1000");
    assertThat(ByteRange.of("bytes=-0", SIZE)).isEqualTo(new ByteRange.Unsatisfiable(SIZE));
    assertThat(ByteRange.of("bytes=-10", 0)).isEqualTo(new ByteRange.Unsatisfiable(0));
    assertThat(ByteRange.of("bytes=0-", 0)).isEqualTo(new ByteRange.Unsatisfiable(0));
  }
}
