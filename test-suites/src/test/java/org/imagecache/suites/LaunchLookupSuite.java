package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch lookup against a real HTTP remote: download once, verify, answer from the cache. */
class LaunchLookupSuite {
  @TempDir Path work;

  @Test
  void firstLaunchDownloadsVerifiedFilesAndTheSecondIsCachedWithoutTouchingTheRemote() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();

      HttpApi.Response first = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(first.status()).as(first.raw()).isEqualTo(200);
      JsonNode m = first.metadata();
      assertThat(m.path("fingerprint").asText()).isEqualTo(fp);
      assertThat(m.path("downloaded").asBoolean()).isTrue();
      assertThat(m.path("present").asBoolean()).isFalse();
      assertThat(m.path("architecture").asText()).isEqualTo("x86_64");
      assertThat(m.path("type").asText()).isEqualTo("container");
      assertThat(m.path("source").path("remote").asText()).isEqualTo("fixture");
      assertThat(m.path("lease").path("id").asText()).isNotEmpty();
      Path meta = Path.of(m.path("files").path("meta").asText());
      Path root = Path.of(m.path("files").path("root").asText());
      assertThat(meta).isAbsolute().isRegularFile();
      assertThat(Streams.sha256(meta, root)).isEqualTo(fp);
      assertThat(Files.size(meta) + Files.size(root)).isEqualTo(m.path("size").asLong());
      assertThat(f.server.served("lxd.tar.xz")).isEqualTo(1);
      assertThat(f.server.served("root.tar.xz")).isEqualTo(1);

      f.server.clearLog();
      HttpApi.Response second = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.metadata().path("fingerprint").asText()).isEqualTo(fp);
      assertThat(second.metadata().path("present").asBoolean()).isTrue();
      assertThat(second.metadata().path("downloaded").asBoolean()).isFalse();
      assertThat(f.server.log()).as("the remote's access log after the cached launch").isEmpty();
    }
  }

  @Test
  void aSecondProjectAddsARecordWithoutDownloading() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      f.server.clearLog();

      HttpApi.Response other = api.post("/1.0/lookup", "{\"project\":\"other\",\"remote\":\"fixture\",\"alias\":\"testos/1\"}");

      assertThat(other.status()).as(other.raw()).isEqualTo(200);
      assertThat(other.metadata().path("downloaded").asBoolean()).isFalse();
      assertThat(other.metadata().path("present").asBoolean()).isTrue();
      assertThat(f.server.served("root.tar.xz")).isZero();
      assertThat(f.server.served("lxd.tar.xz")).isZero();
      assertThat(api.get("/1.0/images?project=other").metadata()).hasSize(1);
      assertThat(api.get("/1.0/images?project=default").metadata()).hasSize(1);
    }
  }

  @Test
  void aLeasedImageCannotBeDeletedAndAnUnleasedOneCan() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"instance\":\"c1\"}");
      assertThat(r.metadata().path("instance_lease").path("id").asText()).startsWith("instance-");

      HttpApi.Response refused = api.delete("/1.0/images/" + fp);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.reason()).isEqualTo("image_in_use");

      HttpApi.Response leases = api.get("/1.0/leases");
      assertThat(leases.metadata().findValuesAsText("kind")).contains("launch", "instance");
      for (JsonNode l : leases.metadata()) {
        assertThat(api.delete("/1.0/leases/" + l.path("id").asText()).status()).isEqualTo(200);
      }
      HttpApi.Response deleted = api.delete("/1.0/images/" + fp);
      assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
      assertThat(f.service.dataDir().resolve("images/" + fp)).doesNotExist();
      assertThat(f.service.dataDir().resolve("images/" + fp + ".rootfs")).doesNotExist();
    }
  }

  @Test
  void withoutWaitingAnUncachedLookupAnswersWithAnOperation() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      HttpApi api = f.service.api();
      f.server.hold("root.tar.xz");
      HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"wait\":false}");
      assertThat(r.status()).as(r.raw()).isEqualTo(202);
      String op = r.body().path("operation").asText();
      assertThat(op).startsWith("/1.0/operations/");
      f.server.release();
      HttpApi.Response done = api.get(op + "/wait?timeout=30");
      assertThat(done.metadata().path("status").asText()).isEqualTo("Success");
      assertThat(done.metadata().path("metadata").path("progress").path("percent").asInt()).isEqualTo(100);
      HttpApi.Response after = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(after.metadata().path("fingerprint").asText()).isEqualTo(f.fingerprints.get("20261101_0000"));
    }
  }

  @Test
  void theCliLooksUpAndListsImages() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      var lookup = f.service.cli("lookup", "fixture:testos/1");
      assertThat(lookup.exitCode()).as(lookup.stderr()).isZero();
      assertThat(lookup.stdout()).contains(f.fingerprints.get("20261101_0000"));
      var json = f.service.cli("lookup", "fixture:testos/1", "--format", "json");
      assertThat(HttpApi.JSON.readTree(json.stdout()).path("present").asBoolean()).isTrue();
    }
  }

  @Test
  void aLookupOfAPulledImageSaysItIsPresentAndNotCachedAndUsedByNamesItsHolders() throws Exception {
    try (Fixture f = Fixture.start(work, "", "20261101_0000")) {
      String fp = f.fingerprints.get("20261101_0000");
      HttpApi api = f.service.api();
      var pull = f.service.cli("pull", "fixture:testos/1");
      assertThat(pull.exitCode()).as(pull.stderr()).isZero();

      HttpApi.Response r = api.post("/1.0/lookup", "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"instance\":\"web-1\"}");
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      assertThat(r.metadata().path("present").asBoolean()).as("already here").isTrue();
      assertThat(r.metadata().path("cached").asBoolean()).as("LXD's meaning: pulled, not cached").isFalse();
      String leaseEnd = r.metadata().path("lease").path("expires_at").asText();

      JsonNode image = api.get("/1.0/images/" + fp).metadata();
      assertThat(image.path("cached").asBoolean()).isFalse();
      assertThat(java.util.stream.StreamSupport.stream(image.path("used_by").spliterator(), false).map(JsonNode::asText).toList())
          .containsExactlyInAnyOrder("launch lease until " + java.time.Instant.parse(leaseEnd), "instance web-1");
      var list = f.service.cli("images", "list");
      assertThat(list.stdout()).contains("launch lease until").contains("instance web-1");
    }
  }
}
