package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route but /healthz refuses a request without the right token. The list names every route the
 * API has (and an unknown path, which must not tell a stranger it does not exist); a new route goes
 * here too. The service's own component test enumerates the router, so a route missing here is
 * still checked there.
 */
class TokenSuite {
  @TempDir static Path work;
  static ImageCacheProcess svc;

  /** A route, and the status it answers with the right token (what the request asks, done or refused on its merits). */
  record Route(String method, String path, String body, int withToken) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Route> routes() {
    return List.of(
        new Route("GET", "/1.0", null, 200),
        new Route("PATCH", "/1.0", "{\"config\":{\"images.auto_update_interval\":\"1\"}}", 200),
        new Route("GET", "/1.0/no-such-route", null, 404),
        new Route("POST", "/1.0/lookup", "{\"remote\":\"demo\",\"alias\":\"testos/1\"}", 200),
        new Route("GET", "/1.0/images", null, 200),
        new Route("POST", "/1.0/images", "{}", 400),
        new Route("GET", "/1.0/images/aliases", null, 200),
        new Route("GET", "/1.0/remotes", null, 200),
        new Route("POST", "/1.0/remotes/demo/refresh", null, 200),
        new Route("GET", "/1.0/leases", null, 200),
        new Route("GET", "/1.0/operations", null, 200),
        new Route("POST", "/1.0/images/0123456789abcdef/refresh", null, 404),
        new Route("POST", "/1.0/cache/prune", null, 200),
        new Route("GET", "/1.0/cache/stats", null, 200),
        new Route("GET", "/1.0/cache/events", null, 200),
        new Route("GET", "/metrics", null, 200));
  }

  @BeforeAll
  static void start() throws Exception {
    svc = ImageCacheProcess.create(work, "").start();
  }

  @AfterAll
  static void stop() throws Exception {
    svc.close();
  }

  @ParameterizedTest(name = "{0} without a token")
  @MethodSource("routes")
  void refusesMissingToken(Route r) throws Exception {
    HttpApi.Response resp = new HttpApi(svc.baseUrl(), null).send(r.method(), r.path(), r.body());
    assertThat(resp.status()).isEqualTo(401);
    assertThat(resp.reason()).isEqualTo("unauthorized");
    assertThat(resp.body().path("type").asText()).isEqualTo("error");
  }

  @ParameterizedTest(name = "{0} with a wrong token")
  @MethodSource("routes")
  void refusesWrongToken(Route r) throws Exception {
    String wrong = svc.token().substring(0, 63) + (svc.token().endsWith("0") ? "1" : "0");
    HttpApi.Response resp = new HttpApi(svc.baseUrl(), wrong).send(r.method(), r.path(), r.body());
    assertThat(resp.status()).isEqualTo(401);
    assertThat(resp.reason()).isEqualTo("unauthorized");
  }

  @ParameterizedTest(name = "{0} with the token is answered on its merits")
  @MethodSource("routes")
  void acceptsTheRightToken(Route r) throws Exception {
    HttpApi.Response resp = svc.api().send(r.method(), r.path(), r.body());
    assertThat(resp.status()).as(resp.raw()).isEqualTo(r.withToken());
  }
}
