package org.imagecache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tier_namesEveryMemberWithTheImagesItHolds() throws Exception {
    var stats = JSON.readTree("{\"members\":[{\"name\":\"cache-1\",\"images\":12},{\"name\":\"cache-2\",\"images\":1}]}");
    assertThat(StatsCommand.tier(stats)).contains("Members: cache-1 (12 images), cache-2 (1 image)");
  }

  @Test
  void tier_ofASingleHost_orAnAnswerWithoutMembers_isNoLine() throws Exception {
    assertThat(StatsCommand.tier(JSON.readTree("{\"members\":[{\"name\":\"host\",\"images\":3}]}"))).isEmpty();
    assertThat(StatsCommand.tier(JSON.readTree("{}"))).isEmpty();
  }
}
