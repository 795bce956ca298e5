package org.imagecache.suites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.RawHttp;

/**
 * The table of {@link HostileInputSuite}: hostile requests over every route of the API (the routes of
 * {@code api/*Routes.java}, as {@code TokenSuite} lists them), every field of every body and every
 * query and path parameter. Each body field is spoiled on a base body that would succeed (and write)
 * if the spoiled field were accepted, so that a value let through shows in the database dump. Values
 * that a field legitimately accepts as free text (descriptions, properties, alias names) are not here:
 * the suite checks that they are stored and returned verbatim.
 */
final class HostileRequests {
  static final String INVALID_JSON = "invalid JSON";
  static final String DEEP = "JSON nested 10,000 deep";
  static final String HUGE = "1 MiB and over-long strings";
  static final String BYTES = "control and non-UTF-8 bytes";
  static final String TRAVERSAL = "../ and %2e%2e";
  static final String SQL = "SQL metacharacters";
  static final String NUMBERS = "numbers out of range";
  static final String TYPES = "wrong types, empty values, unknown fields";
  static final String HTTP = "malformed HTTP";

  /** One request; {@code reasons} are the acceptable ones (empty: any non-empty reason). */
  record Hostile(String category, String name, byte[] request, Set<String> reasons) {
    @Override
    public String toString() {
      return category + ": " + name;
    }
  }

  private static final String HOLE = "@@HOLE@@";
  private static final int MIB = 1 << 20;
  private static final List<String> SQL_TEXT = List.of("'", "\";--", "' OR '1'='1", "1; DROP TABLE images;--",
      "' UNION SELECT fingerprint FROM images --", "%", "_", "%%", "bas%");
  /** LIKE patterns that would match the alias {@code base} or the remote {@code fixture}. */
  private static final List<String> LIKE_TEXT = List.of("b_se", "ba%", "_ase", "%", "____", "fixtur_", "fix%");
  /** Traversal that is a {@code .} or {@code ..} segment once split on '/'. */
  private static final List<String> DOT_SEGMENTS = List.of("../../../etc/passwd", "..", ".", "/..", "../", "a/./b", "a/../../b");
  /** Traversal spelled so that it is no dot segment in a body (only a file system would make it one). */
  private static final List<String> TRAVERSAL_TEXT = List.of("%2e%2e", "%2e%2e%2f", "..\\..\\windows", "....//", "..;");
  private static final List<String> CONTROL_TEXT = List.of("a\u0000b", "a\u0001b", "\u001b[2J", "a\nb", "a\rb", "a\tb", "a\u007fb",
      "a\u0085b", "a\u009bb");
  private static final List<byte[]> NON_UTF8 = List.of(bytes(0xff, 0xfe), bytes(0xc0, 0xaf), bytes(0xed, 0xa0, 0x80),
      bytes(0xf4, 0x90, 0x80, 0x80), bytes(0x80), bytes('c', 'a', 'f', 0xe9));
  /** JSON values that are not strings (the numbers among them out of any range a field has). */
  private static final List<String> NOT_STRINGS = List.of("42", "-1", "1e400", "99999999999999999999", "1.5", "-0.0", "true", "[]", "{}", "[\"a\"]");
  private static final List<String> NOT_BOOLEANS = List.of("1", "0", "-1", "1e400", "99999999999999999999", "1.5", "\"true\"", "\"yes\"", "\"\"",
      "[]", "{}", "[true]");
  private static final List<String> BAD_COUNTS = List.of("-1", "876001", "1e400", "-1e400", "99999999999999999999", "1.5", "-0.5", "1e3",
      "\"1.5\"", "\"-1\"", "\"1e3\"", "\"0x10\"", "\"99999999999999999999\"", "\"NaN\"", "\"Infinity\"", "\"5 hours\"", "[]", "{}", "[5]", "true");
  private static final List<String> BAD_FLAGS = List.of("2", "-1", "1e400", "99999999999999999999", "1.5", "\"maybe\"", "\"tru\"", "[]", "{}");
  private static final List<String> BAD_QUERY_NUMBERS = List.of("-1", "1e400", "99999999999999999999", "1.5", "abc", "0x10", "1_000", "",
      "%27%20OR%20%271%27%3D%271", "%00", "%ff");

  private final RawHttp raw;
  private final String token;
  private final String fp;
  private final String fp12;
  private final String opId;
  private final String serverUrl;
  private final List<Hostile> rows = new ArrayList<>();

  /** A route with a body, and a base body that the route would accept. */
  private record BodyRoute(String method, String path, ObjectNode base) {
    String label() {
      return method + " " + path;
    }
  }

  HostileRequests(RawHttp raw, String token, String fingerprint, String operationId, String serverUrl) {
    this.raw = raw;
    this.token = token;
    this.fp = fingerprint;
    this.fp12 = fingerprint.substring(0, 12);
    this.opId = operationId;
    this.serverUrl = serverUrl;
  }

  List<Hostile> build() {
    for (BodyRoute r : bodyRoutes()) {
      malformedBodies(r);
    }
    lookupFields();
    pullFields();
    imageAndAliasFields();
    leaseAndPruneFields();
    settingsFields();
    queryParameters();
    pathParameters();
    malformedHttp();
    return rows;
  }

  // ---- the routes with a body, and their base bodies

  private ObjectNode obj(String json) {
    try {
      return (ObjectNode) HttpApi.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private BodyRoute lookup() {
    return new BodyRoute("POST", "/1.0/lookup", obj("{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"instance\":\"c9\"}"));
  }

  private BodyRoute pull() {
    return new BodyRoute("POST", "/1.0/images", obj("{\"source\":{\"remote\":\"fixture\",\"alias\":\"testos/1\"},\"project\":\"other\","
        + "\"aliases\":[{\"name\":\"copy\",\"description\":\"d\"}],\"auto_update\":true}"));
  }

  private List<BodyRoute> bodyRoutes() {
    return List.of(
        new BodyRoute("PATCH", "/1.0", obj("{\"config\":{\"images.remote_cache_expiry\":\"5\"}}")),
        lookup(),
        pull(),
        new BodyRoute("PATCH", "/1.0/images/" + fp, obj("{\"pinned\":true,\"auto_update\":false,\"properties\":{\"k\":\"v\"}}")),
        new BodyRoute("POST", "/1.0/images/aliases", obj("{\"name\":\"fresh\",\"target\":\"" + fp + "\",\"description\":\"d\"}")),
        new BodyRoute("PUT", "/1.0/images/aliases/base", obj("{\"target\":\"" + fp12 + "\",\"description\":\"x\"}")),
        new BodyRoute("PATCH", "/1.0/images/aliases/base", obj("{\"target\":\"" + fp12 + "\",\"description\":\"x\"}")),
        new BodyRoute("POST", "/1.0/images/aliases/base", obj("{\"name\":\"renamed\"}")),
        new BodyRoute("POST", "/1.0/leases", obj("{\"project\":\"default\",\"fingerprint\":\"" + fp + "\",\"holder\":\"c2\"}")),
        new BodyRoute("POST", "/1.0/cache/prune", obj("{\"dry_run\":false,\"reasons\":[\"expired\"]}")));
  }

  /** Malformed JSON, 10,000-deep nesting, a 1 MiB body, non-UTF-8 bytes, an unknown field: the same for every route with a body. */
  private void malformedBodies(BodyRoute r) {
    String base = text(r.base());
    List<String> invalid = new ArrayList<>(List.of("not json", "{", "}", "{\"a\":}", "[1,2]", "\"text\"", "null", "42", "{'a':1}",
        "{\"a\":NaN}", "{\"a\":01}", "{\"a\":1,}", "/* c */ {}", "{\"a\":\"\\x\"}", "{\"a\":\"open}", base + " trailing", base + base,
        duplicateFirstKey(r.base())));
    if (!r.path().equals("/1.0/cache/prune")) {
      invalid.add(""); // an empty body asks prune for a dry run; elsewhere it is no JSON object
    }
    for (String body : invalid) {
      add(INVALID_JSON, r.label() + " body " + clip(body), r.method(), r.path(), utf8(body), "invalid_json");
    }
    String firstField = r.base().fieldNames().next();
    add(DEEP, r.label() + " [[[...]]]", r.method(), r.path(), utf8("[".repeat(10_000) + "]".repeat(10_000)), "invalid_json");
    add(DEEP, r.label() + " {\"a\":{...}}", r.method(), r.path(), utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)), "invalid_json");
    add(DEEP, r.label() + " " + firstField + "=[[[...]]]", r.method(), r.path(),
        withValue(r.base(), List.of(firstField), utf8("[".repeat(10_000) + "]".repeat(10_000))), "invalid_json");
    add(HUGE, r.label() + " " + firstField + "=<1 MiB string>", r.method(), r.path(),
        withValue(r.base(), List.of(firstField), utf8(json("x".repeat(MIB)))), "request_too_large");
    for (byte[] b : NON_UTF8) {
      ByteArrayOutputStream value = new ByteArrayOutputStream();
      value.writeBytes(utf8("\"a"));
      value.writeBytes(b);
      value.writeBytes(utf8("\""));
      add(BYTES, r.label() + " " + firstField + "=<bytes " + hex(b) + ">", r.method(), r.path(), withValue(r.base(), List.of(firstField), value.toByteArray()),
          "invalid_json");
    }
    add(BYTES, r.label() + " <0xff in a key>", r.method(), r.path(), concat(utf8("{\"a"), bytes(0xff), utf8("\":1}")), "invalid_json");
    ObjectNode extra = r.base().deepCopy().put("colour", "blue");
    add(TYPES, r.label() + " colour=blue", r.method(), r.path(), utf8(text(extra)), "unknown_field");
  }

  /** {@code {"f":v,"f":v,...}}: the base with its first field given twice. */
  private static String duplicateFirstKey(ObjectNode base) {
    String first = base.fieldNames().next();
    return "{" + json(first) + ":" + text(base.get(first)) + "," + text(base).substring(1);
  }

  // ---- body fields, route by route

  private void lookupFields() {
    BodyRoute r = lookup();
    identifier(r, List.of("project"), "invalid_project");
    anyText(r, List.of("remote"), "unknown_remote");
    like(r, List.of("remote"), "unknown_remote");
    identifier(r, List.of("instance"), "invalid_instance");
    identifier(r, List.of("architecture"), "invalid_architecture");
    identifier(r, List.of("type"), "invalid_type");
    booleans(r, List.of("wait"));
    aliasName(r, List.of("alias"));
    sqlText(r, List.of("alias"), "image_not_found");
    like(r, List.of("alias"), "image_not_found");
    for (String s : TRAVERSAL_TEXT) {
      text(TRAVERSAL, r, List.of("alias"), s, "image_not_found");
    }
    BodyRoute local = new BodyRoute("POST", "/1.0/lookup", obj("{\"alias\":\"base\"}"));
    sqlText(local, List.of("alias"), "image_not_found");
    like(local, List.of("alias"), "image_not_found");
    BodyRoute byFingerprint = new BodyRoute("POST", "/1.0/lookup", obj("{\"remote\":\"fixture\",\"fingerprint\":\"" + fp12 + "\"}"));
    identifier(byFingerprint, List.of("fingerprint"), "invalid_fingerprint");
    fingerprintLike(byFingerprint, List.of("fingerprint"));
    BodyRoute byServer = new BodyRoute("POST", "/1.0/lookup", obj("{\"server\":\"" + serverUrl + "\",\"protocol\":\"simplestreams\",\"alias\":\"testos/1\"}"));
    anyText(byServer, List.of("server"), "remote_not_allowed");
    anyText(byServer, List.of("protocol"), "remote_not_allowed");
    text(TRAVERSAL, byServer, List.of("server"), serverUrl + "/../../etc", "remote_not_allowed");
  }

  private void pullFields() {
    BodyRoute r = pull();
    anyText(r, List.of("source", "remote"), "unknown_remote");
    aliasName(r, List.of("source", "alias"));
    identifier(r, List.of("architecture"), "invalid_architecture");
    identifier(r, List.of("type"), "invalid_type");
    identifier(r, List.of("project"), "invalid_project");
    aliasName(r, List.of("aliases", "0", "name"));
    notStrings(r, List.of("aliases", "0", "description"), "invalid_request");
    booleans(r, List.of("auto_update"));
    for (String v : List.of("42", "\"copy\"", "{}", "true", "{\"name\":\"copy\"}")) {
      value(TYPES, r, List.of("aliases"), v, "invalid_request");
    }
    value(HUGE, r, List.of("aliases"), "[" + "{\"name\":\"a\"},".repeat(64) + "{\"name\":\"a\"}]", "invalid_request");
    for (String v : List.of("42", "\"fixture:testos/1\"", "[]", "true", "null")) {
      value(TYPES, r, List.of("source"), v, "invalid_request");
    }
    value(TYPES, r, List.of("source", "colour"), "\"blue\"", "unknown_field");
    value(TYPES, r, List.of("aliases", "0", "colour"), "\"blue\"", "unknown_field");
    BodyRoute byFingerprint = new BodyRoute("POST", "/1.0/images", obj("{\"source\":{\"remote\":\"fixture\",\"fingerprint\":\"" + fp12 + "\"}}"));
    identifier(byFingerprint, List.of("source", "fingerprint"), "invalid_fingerprint");
    fingerprintLike(byFingerprint, List.of("source", "fingerprint"));
    BodyRoute byServer = new BodyRoute("POST", "/1.0/images", obj("{\"source\":{\"server\":\"" + serverUrl + "\",\"protocol\":\"simplestreams\",\"alias\":\"testos/1\"}}"));
    anyText(byServer, List.of("source", "server"), "remote_not_allowed");
    anyText(byServer, List.of("source", "protocol"), "remote_not_allowed");
  }

  private void imageAndAliasFields() {
    BodyRoute patch = bodyRoutes().get(3);
    booleans(patch, List.of("pinned"));
    booleans(patch, List.of("auto_update"));
    for (String v : List.of("42", "\"k=v\"", "[]", "true", "[\"k\",\"v\"]")) {
      value(TYPES, patch, List.of("properties"), v, "invalid_request");
    }
    for (String v : List.of("42", "1e400", "99999999999999999999", "[]", "{}", "true", "null")) {
      value(v.matches("[-0-9].*") ? NUMBERS : TYPES, patch, List.of("properties", "k"), v, "invalid_request");
    }
    text(HUGE, patch, List.of("properties", "k"), "v".repeat(4097), "invalid_request");
    text(HUGE, patch, List.of("properties", "k".repeat(256)), "v", "invalid_request");

    BodyRoute create = bodyRoutes().get(4);
    aliasName(create, List.of("name"));
    text(TYPES, create, List.of("name"), "base", "alias_exists");
    identifier(create, List.of("target"), "invalid_fingerprint");
    fingerprintLike(create, List.of("target"));
    text(TYPES, create, List.of("target"), "000000000000", "image_not_found");
    notStrings(create, List.of("description"), "invalid_request");
    for (BodyRoute edit : List.of(bodyRoutes().get(5), bodyRoutes().get(6))) {
      identifier(edit, List.of("target"), "invalid_fingerprint");
      fingerprintLike(edit, List.of("target"));
      notStrings(edit, List.of("description"), "invalid_request");
    }
    value(TYPES, bodyRoutes().get(5), List.of("target"), "null", "invalid_request");
    aliasName(bodyRoutes().get(7), List.of("name"));
  }

  private void leaseAndPruneFields() {
    BodyRoute lease = bodyRoutes().get(8);
    identifier(lease, List.of("project"), "invalid_project");
    identifier(lease, List.of("fingerprint"), "invalid_fingerprint");
    fingerprintLike(lease, List.of("fingerprint"));
    identifier(lease, List.of("holder"), "invalid_instance");
    value(TYPES, lease, List.of("holder"), "null", "invalid_request");

    BodyRoute prune = bodyRoutes().get(9);
    booleans(prune, List.of("dry_run"));
    for (String v : List.of("42", "\"expired\"", "{}", "true")) {
      value(TYPES, prune, List.of("reasons"), v, "invalid_reason");
    }
    anyText(prune, List.of("reasons", "0"), "invalid_reason");
    like(prune, List.of("reasons", "0"), "invalid_reason");
    notStrings(prune, List.of("reasons", "0"), "invalid_reason");
  }

  /** PATCH /1.0: each images.* value next to a valid one (nothing may be stored when one is bad), hostile keys, the wrapper. */
  private void settingsFields() {
    BodyRoute r = bodyRoutes().get(0);
    for (String key : List.of("images.auto_update_interval", "images.remote_cache_expiry")) {
      for (String v : BAD_COUNTS) {
        value(v.startsWith("[") || v.startsWith("{") || v.equals("true") ? TYPES : NUMBERS, r, List.of("config", key), v, "invalid_config");
      }
      sqlText(r, List.of("config", key), "invalid_config");
      control(r, List.of("config", key), "invalid_config");
      text(HUGE, r, List.of("config", key), "9".repeat(60_000), "invalid_config");
    }
    for (String v : BAD_FLAGS) {
      value(v.startsWith("\"") || v.startsWith("[") || v.startsWith("{") ? TYPES : NUMBERS, r, List.of("config", "images.auto_update_cached"), v, "invalid_config");
    }
    sqlText(r, List.of("config", "images.auto_update_cached"), "invalid_config");
    control(r, List.of("config", "images.auto_update_cached"), "invalid_config");
    for (String key : SQL_TEXT) {
      text(SQL, r, List.of("config", key), "1", "invalid_config");
    }
    for (String key : DOT_SEGMENTS) {
      text(TRAVERSAL, r, List.of("config", key), "1", "invalid_config");
    }
    for (String key : CONTROL_TEXT) {
      text(BYTES, r, List.of("config", key), "1", "invalid_config");
    }
    for (String key : List.of("", "images.auto_update_interval ", "IMAGES.AUTO_UPDATE_INTERVAL", "images.%", "images._uto_update_interval")) {
      text(TYPES, r, List.of("config", key), "1", "invalid_config");
    }
    text(HUGE, r, List.of("config", "k".repeat(20_000)), "1", "invalid_config");
    text(HUGE, r, List.of("config", "k".repeat(60_000)), "1", "invalid_json"); // Jackson reads names of at most 50,000 characters
    for (String v : List.of("42", "\"images.auto_update_interval=1\"", "[]", "true", "null")) {
      value(TYPES, r, List.of("config"), v, "invalid_request");
    }
  }

  // ---- query parameters

  private void queryParameters() {
    List<String[]> withProject = List.of(new String[] {"GET", "/1.0/images"}, new String[] {"GET", "/1.0/images/" + fp},
        new String[] {"DELETE", "/1.0/images/" + fp}, new String[] {"POST", "/1.0/images/" + fp + "/refresh"},
        new String[] {"GET", "/1.0/images/aliases"}, new String[] {"GET", "/1.0/images/aliases/base"},
        new String[] {"DELETE", "/1.0/images/aliases/base"}, new String[] {"GET", "/1.0/leases"});
    for (String[] route : withProject) {
      queryIdentifier(route[0], route[1], "project", null, "invalid_project");
    }
    for (BodyRoute r : bodyRoutes().subList(3, 8)) {
      queryIdentifier(r.method(), r.path(), "project", utf8(text(r.base())), "invalid_project");
    }
    for (String path : List.of("/1.0/images", "/1.0/images/aliases", "/1.0/remotes", "/1.0/remotes/fixture/images", "/1.0/operations")) {
      for (String v : List.of("-1", "3", "1e400", "99999999999999999999", "1.5", "01", "abc", "", "%27", "1%00", "true")) {
        query(v.matches("-?[0-9.e]+") ? NUMBERS : TYPES, "GET", path, "recursion", v, null, "invalid_recursion");
      }
    }
    queryIdentifier("GET", "/1.0/cache/events", "kind", null, "invalid_kind");
    queryIdentifier("GET", "/1.0/cache/events", "fingerprint", null, "invalid_fingerprint");
    for (String v : List.of("____________", fp12.substring(0, 11) + "_", fp12 + "%25", "%25")) {
      query(SQL, "GET", "/1.0/cache/events", "fingerprint", v, null, "invalid_fingerprint");
    }
    for (String v : BAD_QUERY_NUMBERS) {
      query(NUMBERS, "GET", "/1.0/cache/events", "before", v, null, "invalid_request");
      query(NUMBERS, "GET", "/1.0/cache/events", "limit", v, null, "invalid_request");
      query(NUMBERS, "GET", "/1.0/operations/" + opId + "/wait", "timeout", v.equals("-1") ? "-2" : v, null, "invalid_timeout");
    }
    query(NUMBERS, "GET", "/1.0/cache/events", "limit", "1001", null, "invalid_request");
    query(NUMBERS, "GET", "/1.0/operations/" + opId + "/wait", "timeout", "3601", null, "invalid_timeout");
    for (String[] route : List.of(new String[] {"GET", "/1.0/images"}, new String[] {"GET", "/1.0/cache/events"}, new String[] {"GET", "/1.0/leases"})) {
      query(HTTP, route[0], route[1], "project", "%zz", null, "bad_request");
      query(HTTP, route[0], route[1], "project", "%", null, "bad_request");
      query(HUGE, route[0], route[1], "project", "a".repeat(MIB), null, "uri_too_long");
    }
  }

  private void queryIdentifier(String method, String path, String param, byte[] body, String reason) {
    for (String s : SQL_TEXT) {
      query(SQL, method, path, param, encode(s), body, reason);
    }
    for (String s : DOT_SEGMENTS) {
      query(TRAVERSAL, method, path, param, encode(s), body, reason);
    }
    for (String s : TRAVERSAL_TEXT) {
      query(TRAVERSAL, method, path, param, encode(s), body, reason);
    }
    for (String s : CONTROL_TEXT) {
      query(BYTES, method, path, param, encode(s), body, reason);
    }
    query(BYTES, method, path, param, "%ff%fe", body, reason);
    query(HUGE, method, path, param, "a".repeat(3000), body, reason);
    query(TYPES, method, path, param, "", body, reason);
  }

  private void query(String category, String method, String path, String param, String encodedValue, byte[] body, String... reasons) {
    add(category, method + " " + path + "?" + param + "=" + clip(encodedValue), method, path + "?" + param + "=" + encodedValue, body, reasons);
  }

  // ---- path parameters

  private void pathParameters() {
    byte[] editBody = utf8("{\"target\":\"" + fp12 + "\",\"description\":\"x\"}");
    byte[] renameBody = utf8("{\"name\":\"renamed\"}");
    byte[] patchBody = utf8("{\"pinned\":true}");
    for (String[] route : List.of(new String[] {"GET", "/1.0/images/{}"}, new String[] {"PATCH", "/1.0/images/{}"}, new String[] {"DELETE", "/1.0/images/{}"},
        new String[] {"POST", "/1.0/images/{}/refresh"}, new String[] {"GET", "/1.0/remotes/fixture/images/{}"})) {
      byte[] body = route[0].equals("PATCH") ? patchBody : null;
      pathValues(route[0], route[1], body, "invalid_fingerprint", "invalid_fingerprint");
      for (String v : List.of("____________", fp12.substring(0, 11) + "_", fp12.substring(0, 11) + "%25", fp12 + "%25")) {
        path(SQL, route[0], route[1], v, body, "invalid_fingerprint");
      }
      path(TYPES, route[0], route[1], fp.toUpperCase(java.util.Locale.ROOT), body, "invalid_fingerprint");
      path(HUGE, route[0], route[1], fp + "0", body, "invalid_fingerprint");
    }
    for (String[] route : List.of(new String[] {"GET", null}, new String[] {"PUT", "edit"}, new String[] {"PATCH", "edit"}, new String[] {"POST", "rename"},
        new String[] {"DELETE", null})) {
      byte[] body = route[1] == null ? null : route[1].equals("edit") ? editBody : renameBody;
      pathValues(route[0], "/1.0/images/aliases/{}", body, "alias_not_found", "invalid_alias");
      for (String s : LIKE_TEXT) {
        path(SQL, route[0], "/1.0/images/aliases/{}", encode(s), body, "alias_not_found");
      }
      path(TYPES, route[0], "/1.0/images/aliases/{}", "%20base", body, "invalid_alias");
      path(HUGE, route[0], "/1.0/images/aliases/{}", "a".repeat(256), body, "invalid_alias");
    }
    for (String[] route : List.of(new String[] {"GET", "/1.0/remotes/{}"}, new String[] {"GET", "/1.0/remotes/{}/images"},
        new String[] {"GET", "/1.0/remotes/{}/images/" + fp12}, new String[] {"POST", "/1.0/remotes/{}/refresh"})) {
      pathValues(route[0], route[1], null, "unknown_remote", "unknown_remote");
      for (String s : LIKE_TEXT) {
        path(SQL, route[0], route[1], encode(s), null, "unknown_remote");
      }
    }
    for (String[] route : List.of(new String[] {"GET", "/1.0/operations/{}"}, new String[] {"GET", "/1.0/operations/{}/wait"},
        new String[] {"DELETE", "/1.0/operations/{}"})) {
      pathValues(route[0], route[1], null, "operation_not_found", "operation_not_found");
    }
    pathValues("DELETE", "/1.0/leases/{}", null, "invalid_lease", "invalid_lease");
    path(TYPES, "DELETE", "/1.0/leases/{}", "launch-00000000-0000-0000-0000-000000000000", null, "lease_not_found");
    path(HUGE, "DELETE", "/1.0/leases/{}", "a".repeat(81), null, "invalid_lease");
    for (String[] route : List.of(new String[] {"GET", "/1.0"}, new String[] {"PATCH", "/1.0"}, new String[] {"POST", "/1.0/lookup"},
        new String[] {"GET", "/1.0/images"}, new String[] {"DELETE", "/1.0/images/aliases/base"}, new String[] {"GET", "/1.0/cache/stats"},
        new String[] {"POST", "/1.0/cache/prune"}, new String[] {"GET", "/1.0/cache/events"}, new String[] {"GET", "/metrics"},
        new String[] {"GET", "/1.0/leases"}, new String[] {"GET", "/1.0/operations"}, new String[] {"GET", "/1.0/remotes"})) {
      add(TRAVERSAL, route[0] + " " + route[1] + "/%2e%2e/..", route[0], route[1] + "/%2e%2e/" + route[1].substring(1), null, "invalid_path");
      add(TRAVERSAL, route[0] + " /x/../" + route[1], route[0], "/x/.." + route[1], null, "invalid_path");
      add(HUGE, route[0] + " " + route[1] + "?<1 MiB>", route[0], route[1] + "?" + "a".repeat(MIB), null, "uri_too_long");
    }
    add(TRAVERSAL, "DELETE /1.0/images/aliases/%2e%2e/<fp>", "DELETE", "/1.0/images/aliases/%2e%2e/" + fp, null, "invalid_path");
    add(TRAVERSAL, "DELETE /1.0/images/aliases/../<fp>", "DELETE", "/1.0/images/aliases/../" + fp, null, "invalid_path");
    add(TRAVERSAL, "GET /1.0/%2e%2e/healthz", "GET", "/1.0/%2e%2e/healthz", null, "invalid_path");
    for (String[] route : List.of(new String[] {"PUT", "/1.0"}, new String[] {"DELETE", "/1.0"}, new String[] {"POST", "/1.0/cache/stats"},
        new String[] {"PUT", "/1.0/images/" + fp}, new String[] {"GET", "/1.0/images/" + fp + "/refresh"}, new String[] {"PUT", "/1.0/leases"})) {
      add(TYPES, route[0] + " " + route[1], route[0], route[1], null, "method_not_allowed");
    }
  }

  /**
   * The same hostile values in one path parameter ({@code {}} in the template): {@code unknown} is the
   * answer to a well-formed name that does not exist, {@code invalid} to a malformed one.
   */
  private void pathValues(String method, String template, byte[] body, String unknown, String invalid) {
    for (String s : SQL_TEXT) {
      path(SQL, method, template, encode(s), body, unknown);
    }
    for (String s : List.of("..", ".", "%2e%2e", "%2E%2e", "%2e", ".%2e", "%2e%2e/%2e%2e/1.0", "%zz", "%", "%%32%65")) {
      path(TRAVERSAL, method, template, s, body, "invalid_path");
    }
    for (String s : List.of("..%2F..%2Fetc%2Fpasswd", "a%2F.%2Fb")) {
      path(TRAVERSAL, method, template, s, body, invalid);
    }
    for (String s : List.of("%252e%252e", "..%5C..%5Cwindows", "....%2F%2F")) {
      path(TRAVERSAL, method, template, s, body, unknown);
    }
    for (String s : CONTROL_TEXT) {
      path(BYTES, method, template, encode(s), body, invalid);
    }
    path(BYTES, method, template, "%00", body, invalid);
    // escapes that are not UTF-8 (an overlong '/' among them) are refused at the edge, like dot segments
    path(BYTES, method, template, "%ff%fe", body, "invalid_path");
    path(BYTES, method, template, "%c0%af", body, "invalid_path");
    add(BYTES, method + " " + template.replace("{}", "<raw 0x01>"), method, template.replace("{}", "a\u0001b"), body, invalid);
    add(BYTES, method + " " + template.replace("{}", "<raw 0x7f>"), method, template.replace("{}", "a\u007fb"), body, invalid);
    add(BYTES, method + " " + template.replace("{}", "<raw 0xff 0xfe>"), method, template.replace("{}", "\u00ff\u00fe"), body, unknown);
    path(HUGE, method, template, "a".repeat(3000), body, invalid);
    add(HUGE, method + " " + template.replace("{}", "<1 MiB>"), method, template.replace("{}", "a".repeat(MIB)), body, "uri_too_long");
  }

  private void path(String category, String method, String template, String encodedValue, byte[] body, String... reasons) {
    add(category, method + " " + template.replace("{}", clip(encodedValue)), method, template.replace("{}", encodedValue), body, reasons);
  }

  // ---- malformed HTTP, sent as bytes

  private void malformedHttp() {
    String token = "Authorization: Bearer " + this.token;
    raw(HTTP, "request line with a space in the target", "GET /1.0/images/a b HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n", "malformed_request");
    raw(HTTP, "garbage request line", "GARBAGE\r\n\r\n", "malformed_request");
    raw(HTTP, "header name with a space", "GET /1.0 HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n" + token + "\r\n\r\n", "malformed_request");
    raw(BYTES, "control byte in the Authorization header", "GET /1.0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u0001x\r\n\r\n", "malformed_request");
    for (String length : List.of("abc", "-1", "99999999999999999999", "1e3", "5, 6")) {
      raw(NUMBERS, "Content-Length: " + length, "POST /1.0/lookup HTTP/1.1\r\nHost: x\r\n" + token + "\r\nContent-Length: " + length + "\r\n\r\n{}",
          "malformed_request");
    }
    raw(NUMBERS, "Content-Length: 10000000 (over the body limit)", "POST /1.0/lookup HTTP/1.1\r\nHost: x\r\n" + token
        + "\r\nContent-Length: 10000000\r\n\r\n{}", "request_too_large");
    raw(HTTP, "no Host header", "GET /1.0 HTTP/1.1\r\n" + token + "\r\nConnection: close\r\n\r\n", "bad_request");
    raw(HUGE, "a 100 KB header", "GET /1.0 HTTP/1.1\r\nHost: x\r\n" + token + "\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n", "headers_too_large");
    raw(HUGE, "a 1 MiB bearer token", "GET /1.0 HTTP/1.1\r\nHost: x\r\n" + token + "a".repeat(MIB) + "\r\n\r\n", "headers_too_large");
    raw(HUGE, "2,000 headers", "GET /1.0 HTTP/1.1\r\nHost: x\r\n" + token + "\r\n" + "X-H: v\r\n".repeat(2000) + "\r\n", "headers_too_large");
    raw(HUGE, "a 1 MiB request line", "GET /1.0/images/" + "a".repeat(MIB) + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n", "uri_too_long");
  }

  private void raw(String category, String name, String request, String... reasons) {
    rows.add(new Hostile(category, name, request.getBytes(StandardCharsets.ISO_8859_1), Set.of(reasons)));
  }

  // ---- value classes for one body field

  /** A field that names something by syntax (project, fingerprint, instance...): every hostile string is refused. */
  private void identifier(BodyRoute r, List<String> path, String reason) {
    anyText(r, path, reason);
    notStrings(r, path, "invalid_request");
  }

  /** Every hostile string gets this reason. */
  private void anyText(BodyRoute r, List<String> path, String reason) {
    sqlText(r, path, reason);
    for (String s : DOT_SEGMENTS) {
      text(TRAVERSAL, r, path, s, reason);
    }
    for (String s : TRAVERSAL_TEXT) {
      text(TRAVERSAL, r, path, s, reason);
    }
    control(r, path, reason);
    text(HUGE, r, path, "x".repeat(60_000), reason);
    text(TYPES, r, path, "", reason);
  }

  /** An alias name: the invalid ones only (SQL metacharacters are legitimate and checked verbatim elsewhere). */
  private void aliasName(BodyRoute r, List<String> path) {
    for (String s : DOT_SEGMENTS) {
      text(TRAVERSAL, r, path, s, "invalid_alias");
    }
    control(r, path, "invalid_alias");
    text(HUGE, r, path, "x".repeat(256), "invalid_alias");
    text(HUGE, r, path, "x".repeat(60_000), "invalid_alias");
    text(TYPES, r, path, "", "invalid_alias");
    text(TYPES, r, path, " padded ", "invalid_alias");
    notStrings(r, path, "invalid_request");
  }

  private void sqlText(BodyRoute r, List<String> path, String reason) {
    for (String s : SQL_TEXT) {
      text(SQL, r, path, s, reason);
    }
  }

  private void like(BodyRoute r, List<String> path, String reason) {
    for (String s : LIKE_TEXT) {
      text(SQL, r, path, s, reason);
    }
  }

  private void fingerprintLike(BodyRoute r, List<String> path) {
    for (String s : List.of("____________", fp12.substring(0, 11) + "_", fp12.substring(0, 11) + "%", fp12 + "%", "%" + fp12.substring(1))) {
      text(SQL, r, path, s, "invalid_fingerprint");
    }
  }

  private void control(BodyRoute r, List<String> path, String reason) {
    for (String s : CONTROL_TEXT) {
      text(BYTES, r, path, s, reason);
    }
  }

  private void notStrings(BodyRoute r, List<String> path, String reason) {
    for (String v : NOT_STRINGS) {
      value(v.matches("[-0-9].*") ? NUMBERS : TYPES, r, path, v, reason);
    }
  }

  private void booleans(BodyRoute r, List<String> path) {
    for (String v : NOT_BOOLEANS) {
      value(v.matches("[-0-9].*") ? NUMBERS : TYPES, r, path, v, "invalid_request");
    }
  }

  private void text(String category, BodyRoute r, List<String> path, String s, String... reasons) {
    add(category, r.label() + " " + clip(String.join(".", path)) + "=" + clip(json(s)), r.method(), r.path(), withValue(r.base(), path, utf8(json(s))), reasons);
  }

  private void value(String category, BodyRoute r, List<String> path, String jsonValue, String... reasons) {
    add(category, r.label() + " " + clip(String.join(".", path)) + "=" + clip(jsonValue), r.method(), r.path(), withValue(r.base(), path, utf8(jsonValue)), reasons);
  }

  private void add(String category, String name, String method, String target, byte[] body, String... reasons) {
    rows.add(new Hostile(category, name, raw.request(method, target.getBytes(StandardCharsets.ISO_8859_1), body), Set.of(reasons)));
  }

  // ---- helpers

  /** The base body with the field at {@code path} (created if absent) set to these raw JSON bytes. */
  private static byte[] withValue(ObjectNode base, List<String> path, byte[] value) {
    ObjectNode copy = base.deepCopy();
    JsonNode parent = copy;
    for (String segment : path.subList(0, path.size() - 1)) {
      JsonNode next = parent.isArray() ? parent.get(Integer.parseInt(segment)) : parent.get(segment);
      parent = next != null ? next : ((ObjectNode) parent).putObject(segment);
    }
    String last = path.get(path.size() - 1);
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), a.textNode(HOLE));
    } else {
      ((ObjectNode) parent).put(last, HOLE);
    }
    String text = text(copy);
    int at = text.indexOf("\"" + HOLE + "\"");
    return concat(utf8(text.substring(0, at)), value, utf8(text.substring(at + HOLE.length() + 2)));
  }

  private static String text(JsonNode node) {
    try {
      return HttpApi.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(String s) {
    return text(HttpApi.JSON.getNodeFactory().textNode(s));
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String clip(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    StringBuilder sb = new StringBuilder();
    t.chars().forEach(c -> sb.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? String.format("\\x%02x", c) : String.valueOf((char) c)));
    return sb.toString();
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
