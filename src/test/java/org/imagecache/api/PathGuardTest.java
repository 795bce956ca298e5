package org.imagecache.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGuardTest {
  @Test
  void dotSegments_plainOrEscaped_areNotClean() {
    assertThat(PathGuard.isClean("/1.0/images/..")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/../x")).isFalse();
    assertThat(PathGuard.isClean("/1.0/./images")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%2e%2e/0123456789ab")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%2E.")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%2e")).isFalse();
  }

  @Test
  void malformedEscapes_areNotClean() {
    assertThat(PathGuard.isClean("/1.0/images/aliases/%zz")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/a%2")).isFalse();
  }

  @Test
  void namesWithDotsOrEscapes_thatAreNoDotSegment_areClean() {
    assertThat(PathGuard.isClean("/1.0")).isTrue();
    assertThat(PathGuard.isClean("/1.0/images/aliases/web%2F..")).isTrue();
    assertThat(PathGuard.isClean("/1.0/images/aliases/...")).isTrue();
    assertThat(PathGuard.isClean("/1.0/images/aliases/.hidden")).isTrue();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%2e%2e%2e")).isTrue();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%c3%a9%00%25")).isTrue();
    assertThat(PathGuard.isClean("/")).isTrue();
  }

  @Test
  void escapesThatAreNotStrictUtf8_areNotClean() {
    assertThat(PathGuard.isClean("/1.0/images/aliases/%c0%af")).as("an overlong '/'").isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%ff")).isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%ed%a0%80")).as("a surrogate").isFalse();
    assertThat(PathGuard.isClean("/1.0/images/aliases/%e2%9c%93")).isTrue();
  }
}
