package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests get a 4xx with a stable reason and change nothing; remote faults get a 5xx with a
 * reason, leave no partial file and no record, and the same lookup succeeds once the remote is healthy.
 * The bad requests share one service that nothing else touches (none of them may change it); the
 * remote faults, which edit the stream and cache the image at the end, have a service of their own.
 */
class LookupBadInputSuite {
  @TempDir static Path work;
  static Fixture shared;

  @BeforeAll
  static void start() throws Exception {
    shared = Fixture.start(work, "", "20261101_0000");
  }

  @AfterAll
  static void stop() throws Exception {
    shared.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("{\"remote\":\"nope\",\"alias\":\"testos/1\"}", 404, "unknown_remote"),
        Arguments.of("{\"server\":\"https://elsewhere.example\",\"protocol\":\"simplestreams\",\"alias\":\"x\"}", 403, "remote_not_allowed"),
        Arguments.of("{\"remote\":\"fixture\",\"fingerprint\":\"ABCDEF123456\"}", 400, "invalid_fingerprint"),
        Arguments.of("{\"remote\":\"fixture\",\"fingerprint\":\"abc\"}", 400, "invalid_fingerprint"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"" + "a".repeat(256) + "\"}", 400, "invalid_alias"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"bad\\u0001name\"}", 400, "invalid_alias"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"architecture\":\"pdp11\"}", 400, "invalid_architecture"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"type\":\"vm\"}", 400, "invalid_type"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"project\":\"../etc\"}", 400, "invalid_project"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"instance\":\"c 1\"}", 400, "invalid_instance"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"fingerprint\":\"0123456789ab\"}", 400, "invalid_request"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"colour\":\"blue\"}", 400, "unknown_field"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":42}", 400, "invalid_request"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"wait\":\"no\"}", 400, "invalid_request"),
        Arguments.of("not json", 400, "invalid_json"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"" + "x".repeat(70_000) + "\"}", 413, "request_too_large"),
        Arguments.of("{\"remote\":\"fixture\",\"alias\":\"no/such/alias\"}", 404, "image_not_found"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("badRequests")
  void badRequestsAreRefusedWithAReason(String body, int status, String reason) throws Exception {
    HttpApi.Response r = shared.service.api().post("/1.0/lookup", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(shared.service.api().get("/1.0/images?project=default").metadata()).isEmpty();
  }

  @Test
  void remoteFaultsLeaveNothingBehindAndTheLookupSucceedsOnceHealthy(@TempDir Path own) throws Exception {
    try (Fixture f = Fixture.start(own, "", "20261101_0000")) {
      remoteFaultsLeaveNothingBehind(f);
    }
  }

  private static void remoteFaultsLeaveNothingBehind(Fixture f) throws Exception {
    HttpApi api = f.service.api();
    Path root = Files.list(f.streamDir.resolve("images/testos/1/amd64/default")).findFirst().orElseThrow().resolve("root.tar.xz");
    byte[] good = Files.readAllBytes(root);

    f.server.failWith(500, "root.tar.xz");
    expectFault(f, 502, "remote_error");
    f.server.healthy();

    byte[] corrupt = good.clone();
    corrupt[corrupt.length / 2] ^= 0x01;
    Files.write(root, corrupt);
    expectFault(f, 502, "hash_mismatch");

    Files.write(root, java.util.Arrays.copyOf(good, good.length - 100));
    expectFault(f, 502, "size_mismatch");

    Files.write(root, good);
    Files.write(root, new byte[100], StandardOpenOption.APPEND);
    expectFault(f, 502, "size_mismatch");

    Files.delete(root);
    expectFault(f, 502, "remote_file_missing");

    Files.write(root, good);
    HttpApi.Response ok = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    assertThat(ok.metadata().path("fingerprint").asText()).isEqualTo(f.fingerprints.get("20261101_0000"));
  }

  private static void expectFault(Fixture f, int status, String reason) throws Exception {
    HttpApi api = f.service.api();
    HttpApi.Response r = api.post("/1.0/lookup", Fixture.lookup("testos/1"));
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(api.get("/1.0/images").metadata()).as("no record after %s", reason).isEmpty();
    try (Stream<Path> files = Files.list(f.service.dataDir().resolve("images"))) {
      assertThat(files.toList()).as("no file after %s", reason).isEmpty();
    }
  }
}
