package org.imagecache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A response head as the one-thread download reads it: its status, its headers and how its body is framed. */
class ResponseHeadTest {
  @Test
  void aLengthFramesTheBody_andHeaderNamesCompareWithoutCase() throws Exception {
    ResponseHead head = ResponseHead.parse("HTTP/1.1 200 OK", List.of("Content-Length: 1234", "ETag: \"x\""));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.framing()).isEqualTo(ResponseHead.Framing.LENGTH);
    assertThat(head.length()).hasValue(1234);
    assertThat(head.header("etag")).contains("\"x\"");
  }

  @Test
  void chunkedWinsOverALength_andNeitherMeansTheConnectionsEnd() throws Exception {
    assertThat(ResponseHead.parse("HTTP/1.1 200 OK", List.of("Transfer-Encoding: Chunked", "Content-Length: 10")).framing())
        .isEqualTo(ResponseHead.Framing.CHUNKED);
    assertThat(ResponseHead.parse("HTTP/1.0 200", List.of()).framing()).isEqualTo(ResponseHead.Framing.UNTIL_CLOSE);
  }

  @Test
  void aRepeatedEqualLengthIsOneLength() throws Exception {
    assertThat(ResponseHead.parse("HTTP/1.1 200 OK", List.of("Content-Length: 7", "Content-Length: 7, 7")).length()).hasValue(7);
  }

  @Test
  void whatASmugglingSafeClientRefuses_isMalformed() {
    assertMalformed(List.of("Content-Length: 7", "Content-Length: 8"), "two different Content-Lengths");
    assertMalformed(List.of("Content-Length: -1"), "not a number");
    assertMalformed(List.of("Content-Length: 0x10"), "not a number");
    assertMalformed(List.of("Transfer-Encoding: gzip"), "other than chunked");
    assertMalformed(List.of("Transfer-Encoding: chunked, gzip"), "other than chunked");
    assertMalformed(List.of("Transfer-Encoding: gzip, chunked"), "other than chunked");
    assertMalformed(List.of("Content-Length: 7", " folded"), "not \"name: value\"");
    assertMalformed(List.of("Bad Name: x"), "not \"name: value\"");
    assertMalformed(List.of(": no name"), "not \"name: value\"");
  }

  @Test
  void aStatusLineThatIsNotHttp1_isMalformed() {
    for (String line : List.of("HTTP/2 200 OK", "ICY 200 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc", "HTTP/1.1 099 x", "")) {
      assertThatThrownBy(() -> ResponseHead.parse(line, List.of())).as(line)
          .isInstanceOf(ResponseHead.MalformedException.class).hasMessageContaining("not an HTTP/1.x status line");
    }
  }

  private static void assertMalformed(List<String> lines, String why) {
    assertThatThrownBy(() -> ResponseHead.parse("HTTP/1.1 200 OK", lines)).as(lines.toString())
        .isInstanceOf(ResponseHead.MalformedException.class).hasMessageContaining(why);
  }
}
