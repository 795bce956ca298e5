package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.imagecache.suites.HostileRequests.Hostile;
import org.imagecache.suites.harness.DataDirState;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile API input (issue 8, item 4). One service with something to corrupt (a cached image, a
 * pulled copy in another project with its alias, a local alias, an instance lease, a runtime
 * setting), then the table of {@link HostileRequests}: every one answers a 4xx with a reason and no
 * stack trace, {@code /healthz} stays 200 after each, and the database dump and the image files are
 * the same before and after. Free text (alias names and descriptions, image properties) is stored and
 * returned verbatim instead, which is the proof against injection where a value is legitimate.
 */
class HostileInputSuite {
  @TempDir static Path work;
  static Fixture f;
  static HttpApi api;
  static RawHttp raw;
  static String fp;
  static String operation;

  @BeforeAll
  static void start() throws Exception {
    f = Fixture.start(work, "images:\n  auto_update_interval: 0\n", "20261101_0000");
    api = f.service.api();
    raw = new RawHttp(f.service.port(), f.service.token());
    HttpApi.Response lookup = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
    assertThat(lookup.status()).as(lookup.raw()).isEqualTo(200);
    fp = lookup.metadata().path("fingerprint").asText();
    expect(201, api.post("/1.0/images/aliases", "{\"name\":\"base\",\"target\":\"" + fp + "\",\"description\":\"the base image\"}"));
    expect(200, api.patch("/1.0", "{\"config\":{\"images.remote_cache_expiry\":\"30\"}}"));
    expect(201, api.post("/1.0/leases", "{\"fingerprint\":\"" + fp + "\",\"holder\":\"c1\"}"));
    HttpApi.Response pull = api.post("/1.0/images", "{\"source\":{\"remote\":\"fixture\",\"alias\":\"testos/1\"},\"project\":\"web\","
        + "\"aliases\":[{\"name\":\"pulled\",\"description\":\"explicit copy\"}]}");
    expect(202, pull);
    operation = pull.metadata().path("id").asText();
    assertThat(api.get("/1.0/operations/" + operation + "/wait?timeout=30").metadata().path("status").asText()).isEqualTo("Success");
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void everyHostileRequestIsA4xxWithAReason_andChangesNothing() throws Exception {
    List<Hostile> table = new HostileRequests(raw, f.service.token(), fp, operation, f.server.url()).build();
    Path dataDir = f.service.dataDir();
    api.awaitWrittenBehind(); // launch leases and last uses are written once a second
    String before = DataDirState.dump(dataDir);
    List<String> filesBefore = DataDirState.imageFiles(dataDir);
    assertThat(before).contains("base").contains("pulled").contains("images.remote_cache_expiry");

    List<String> wrong = new ArrayList<>();
    Map<String, Integer> byCategory = new TreeMap<>();
    for (Hostile h : table) {
      HttpApi.Response r = raw.exchange(h.request());
      String problem = problem(h, r);
      if (problem != null) {
        wrong.add(h + " -> " + problem);
      }
      int health = api.get("/healthz").status();
      if (health != 200) {
        wrong.add(h + " -> /healthz answered " + health + " after it");
      }
      byCategory.merge(h.category(), 1, Integer::sum);
    }
    assertThat(wrong).as("requests answered otherwise than a 4xx with the expected reason").isEmpty();

    api.awaitWrittenBehind(); // launch leases and last uses are written once a second
    assertThat(f.service.isAlive()).isTrue();
    assertThat(DataDirState.dump(dataDir)).as("the database after %d hostile requests", table.size()).isEqualTo(before);
    assertThat(DataDirState.imageFiles(dataDir)).isEqualTo(filesBefore);
    System.out.println("HostileInputSuite: " + table.size() + " hostile requests, all 4xx with a reason, database unchanged, service up");
    byCategory.forEach((category, n) -> System.out.println("  " + n + " " + category));
  }

  /** What is wrong with this answer to a hostile request, or null. */
  private static String problem(Hostile h, HttpApi.Response r) {
    String reason = r.reason();
    if (r.status() < 400 || r.status() > 499) {
      return "status " + r.status() + ": " + clip(r.raw());
    }
    if (reason.isEmpty() || !r.body().path("type").asText().equals("error") || r.body().path("error_code").asInt() != r.status()) {
      return "no error envelope with a reason: " + clip(r.raw());
    }
    if (!h.reasons().isEmpty() && !h.reasons().contains(reason)) {
      return "reason " + reason + " (expected " + h.reasons() + "): " + clip(r.raw());
    }
    if (r.raw().contains("Exception") || r.raw().contains("\tat ") || r.raw().contains("\\tat ") || r.raw().contains("org.imagecache.")) {
      return "internals in the body: " + clip(r.raw());
    }
    return null;
  }

  @Test
  void freeTextWithSqlMetacharacters_isStoredAndReturnedVerbatim() throws Exception {
    List<String> values = List.of("' OR '1'='1", "\"; DROP TABLE images;--", "1; DELETE FROM image_aliases WHERE '1'='1", "%", "_", "b_se", "bas%",
        "50% off_\\ \u00e9\u2603\ud83d\ude00", "a\u202eb");
    String description = "' OR 1=1; DROP TABLE image_aliases;-- %_ \\ \"quoted\" \u0000\u0001\n\ttab \u00e9\u2603\ud83d\ude00";
    for (String name : values) {
      expect(201, api.post("/1.0/images/aliases", body("name", name, "target", fp, "description", description)));
      JsonNode got = api.get("/1.0/images/aliases/" + HostileRequests.encode(name)).metadata();
      assertThat(got.path("name").asText()).isEqualTo(name);
      assertThat(got.path("description").asText()).isEqualTo(description);
      assertThat(got.path("target").asText()).isEqualTo(fp);
      assertThat(stored("SELECT description FROM image_aliases WHERE name = ?", name)).isEqualTo(description);
    }
    assertThat(api.get("/1.0/images/aliases/base").metadata().path("description").asText()).isEqualTo("the base image");
    List<String> listed = new ArrayList<>();
    api.get("/1.0/images/aliases?recursion=1").metadata().forEach(a -> listed.add(a.path("name").asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(concat(values, "base"));

    String renamed = "'); DELETE FROM images; --";
    expect(201, api.post("/1.0/images/aliases/" + HostileRequests.encode(values.get(0)), body("name", renamed)));
    assertThat(api.get("/1.0/images/aliases/" + HostileRequests.encode(renamed)).metadata().path("description").asText()).isEqualTo(description);
    expect(200, api.patch("/1.0/images/aliases/base", body("description", description)));
    assertThat(stored("SELECT description FROM image_aliases WHERE name = ?", "base")).isEqualTo(description);
    expect(200, api.patch("/1.0/images/aliases/base", body("description", "the base image")));

    Map<String, String> properties = Map.of("os", "' OR '1'='1", "'; DROP TABLE image_properties;--", "%_", "k\u0000ey", "v\u0000al");
    ObjectNode patch = HttpApi.JSON.createObjectNode();
    properties.forEach(patch.putObject("properties")::put);
    JsonNode before = api.get("/1.0/images/" + fp).metadata().path("properties");
    HttpApi.Response patched = api.patch("/1.0/images/" + fp, patch.toString());
    expect(200, patched);
    assertThat(HttpApi.JSON.convertValue(patched.metadata().path("properties"), Map.class)).isEqualTo(properties);
    assertThat(stored("SELECT value FROM image_properties WHERE key = ?", "'; DROP TABLE image_properties;--")).isEqualTo("%_");
    expect(200, api.patch("/1.0/images/" + fp, HttpApi.JSON.createObjectNode().set("properties", before).toString()));

    for (String name : concat(values.subList(1, values.size()), renamed)) {
      expect(200, api.delete("/1.0/images/aliases/" + HostileRequests.encode(name)));
    }
    assertThat(api.get("/1.0/images/aliases").metadata().size()).isEqualTo(1);
  }

  @Test
  void aJsonBodySentAsAForm_withAPercentSign_isReadAsJson() throws Exception {
    String json = body("name", "form 100%", "target", fp, "description", "50% off & a=b+c");
    String request = "POST /1.0/images/aliases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.service.token()
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + json.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n" + json;
    HttpApi.Response created = raw.exchange(request.getBytes(StandardCharsets.UTF_8));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(api.get("/1.0/images/aliases/form%20100%25").metadata().path("description").asText()).isEqualTo("50% off & a=b+c");
    expect(200, api.delete("/1.0/images/aliases/form%20100%25"));
  }

  @Test
  void aPullOfAnAliasWithSqlMetacharacters_isAFailedOperation_andChangesNothing() throws Exception {
    Path dataDir = f.service.dataDir();
    api.awaitWrittenBehind(); // launch leases and last uses are written once a second
    String before = DataDirState.dump(dataDir);
    for (String alias : List.of("' OR '1'='1", "%", "_", "testos/_", "testos/%", "\"; DROP TABLE images;--")) {
      HttpApi.Response pull = api.post("/1.0/images", "{\"source\":{\"remote\":\"fixture\",\"alias\":" + HttpApi.JSON.writeValueAsString(alias)
          + "},\"aliases\":[{\"name\":\"x\"}]}");
      expect(202, pull);
      JsonNode op = api.get("/1.0/operations/" + pull.metadata().path("id").asText() + "/wait?timeout=30").metadata();
      assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("Failure");
    }
    api.awaitWrittenBehind(); // launch leases and last uses are written once a second
    assertThat(DataDirState.dump(dataDir)).isEqualTo(before);
  }

  private static String stored(String sql, String key) throws Exception {
    try (Connection c = DataDirState.readOnly(f.service.dataDir()); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, key);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).as("a row for %s", key).isTrue();
        return rs.getString(1);
      }
    }
  }

  private static String body(String... kv) {
    ObjectNode o = HttpApi.JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.put(kv[i], kv[i + 1]);
    }
    return o.toString();
  }

  private static List<String> concat(List<String> list, String one) {
    List<String> out = new ArrayList<>(list);
    out.add(one);
    return out;
  }

  private static void expect(int status, HttpApi.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
  }

  private static String clip(String s) {
    String oneLine = s.replace("\r\n", " | ");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }
}
