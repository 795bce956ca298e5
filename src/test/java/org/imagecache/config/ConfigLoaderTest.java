package org.imagecache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("imagecache.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  /** The packaged mirror budgets: 1 s to connect, 5 s for the head, 10 s without a byte, skipped 30 s after a failure. */
  private static final RemoteConfig.Failover FAILOVER = new RemoteConfig.Failover(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30));

  private static ImageCacheConfig defaultsOnly() {
    return ConfigLoader.load(null, Map.of(), List.of());
  }

  /** Loads and expects a ConfigException of one line; returns its message. */
  private static String failure(Path file, Map<String, String> env, List<String> sets) {
    try {
      ConfigLoader.load(file, env, sets);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException");
  }

  private String fileFailure(String yaml) throws IOException {
    return failure(file(yaml), Map.of(), List.of());
  }

  @Test
  void defaults_matchTheDocumentedFile() {
    ImageCacheConfig cfg = defaultsOnly();

    assertThat(cfg.listen()).isEqualTo(new ImageCacheConfig.Listen("127.0.0.1", 8470));
    assertThat(cfg.dataDir()).isEqualTo(Path.of("var"));
    assertThat(cfg.images()).isEqualTo(new ImagesSettings(true, 6, 10));
    assertThat(cfg.cache()).isEqualTo(new CacheConfig(Duration.ofMinutes(10), Duration.ofHours(1), 0,
        new Watermark(Watermark.Kind.PERCENT, 85), new Watermark(Watermark.Kind.PERCENT, 80), 100, 2, Duration.ofSeconds(30),
        Duration.ofHours(24)));
    assertThat(cfg.remotes()).containsOnlyKeys("demo", "images");
    assertThat(cfg.remotes().get("images")).isEqualTo(new RemoteConfig("images", URI.create("https://images.linuxcontainers.org"), Protocol.SIMPLESTREAMS, Duration.ofHours(1), Duration.ofHours(1),
        Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30), new RemoteConfig.MinimumRate(1024, Duration.ofSeconds(30)),
        64L << 20, 128L << 20, false, true, List.of(), List.of(), FAILOVER));
  }

  @Test
  void remoteDefaults_theFileListsEveryPerRemoteDefaultAndAUrlOnlyRemoteHasExactlyThem() throws IOException {
    com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
        .readTree(Path.of("conf/imagecache.yaml").toFile()).path("remote_defaults");
    List<String> listed = new java.util.ArrayList<>();
    written.fieldNames().forEachRemaining(listed::add);
    // url is every remote's own; a certificate pin is never a default; stale-while-revalidate follows catalog_ttl
    assertThat(listed).containsExactlyInAnyOrderElementsOf(ConfigLoader.REMOTE_FIELDS.stream()
        .filter(f -> !List.of("url", "certificate", "catalog_stale_while_revalidate", "mirrors").contains(f)).toList());

    RemoteConfig r = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTES_FIXTURE_URL", "http://127.0.0.1:9000"), List.of())
        .remotes().get("fixture");
    assertThat(r.protocol().wireName()).isEqualTo(written.path("protocol").asText());
    assertThat(r.catalogTtl()).isEqualTo(Durations.parse(written.path("catalog_ttl").asText()));
    assertThat(r.catalogStaleWhileRevalidate()).isEqualTo(r.catalogTtl());
    assertThat(r.connectTimeout()).isEqualTo(Durations.parse(written.path("connect_timeout").asText()));
    assertThat(r.idleTimeout()).isEqualTo(Durations.parse(written.path("idle_timeout").asText()));
    assertThat(r.minimumRate()).isEqualTo(new RemoteConfig.MinimumRate(Sizes.parse(written.path("min_transfer_rate").asText()),
        Durations.parse(written.path("rate_window").asText())));
    assertThat(r.maxCatalogBytes()).isEqualTo(Sizes.parse(written.path("max_catalog_size").asText()));
    assertThat(r.maxCatalogTotalBytes()).isEqualTo(Sizes.parse(written.path("max_catalog_total").asText()));
    assertThat(r.demo()).isEqualTo(written.path("demo").asBoolean());
    assertThat(r.catalogCache()).isEqualTo(written.path("catalog_cache").asBoolean());
    assertThat(written.path("allow_redirects_to").isArray()).isTrue();
    assertThat(r.allowRedirectsTo()).hasSize(written.path("allow_redirects_to").size());
  }

  @Test
  void remoteDefaults_changeEveryRemoteThatDoesNotSetTheKey() {
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTE_DEFAULTS_CONNECT_TIMEOUT", "3s"),
        List.of("remote_defaults.idle_timeout=45s", "remotes.images.idle_timeout=5s"));

    assertThat(cfg.remotes().get("images").idleTimeout()).as("its own key wins").isEqualTo(Duration.ofSeconds(5));
    assertThat(cfg.remotes().get("demo").idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(cfg.remotes().values()).allSatisfy(r -> assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void remoteDefaults_aBadOneStopsStartUpNamingItsKey_evenWhenEveryRemoteOverridesIt() {
    assertThat(failure(null, Map.of(), List.of("remote_defaults.idle_timeout=0s", "remotes.images.idle_timeout=5s",
        "remotes.demo.idle_timeout=5s"))).isEqualTo("Invalid value for remote_defaults.idle_timeout: '0s' must be longer than 0");
    assertThat(failure(null, Map.of(), List.of("remote_defaults.max_catalog_total=1KiB")))
        .startsWith("Invalid value for remote_defaults.max_catalog_total: '1KiB' must be between remote_defaults.max_catalog_size and 4GiB");
    assertThat(failure(null, Map.of(), List.of("remotes.images.max_catalog_size=256MiB")))
        .as("a remote's own bound over the default total").isEqualTo("Invalid value for remote_defaults.max_catalog_total: '128MiB' must be between remotes.images.max_catalog_size and 4GiB");
  }

  @Test
  void remoteMirrors_areAnOrderedListWithOptionalPins_fromYamlOrCommaSeparated() throws IOException {
    String pin = "ab".repeat(32);
    Path f = file("""
        remotes:
          images:
            mirrors:
              - https://site-a:8443/images/
              - https://site-b:8443/images/ sha256:%s
            mirror_stall_timeout: 3s
        """.formatted(pin));
    RemoteConfig images = ConfigLoader.load(f, Map.of(), List.of()).remotes().get("images");
    assertThat(images.mirrors()).containsExactly(new RemoteConfig.Mirror(URI.create("https://site-a:8443/images/"), Optional.empty()),
        new RemoteConfig.Mirror(URI.create("https://site-b:8443/images/"), Optional.of(pin)));
    assertThat(images.failover()).isEqualTo(new RemoteConfig.Failover(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3),
        Duration.ofSeconds(30)));

    RemoteConfig fromEnv = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTES_IMAGES_MIRRORS", "http://a:1/x/, http://b:2/x/",
        "IMAGECACHE_REMOTES_IMAGES_MIRROR_CONNECT_TIMEOUT", "250ms"), List.of()).remotes().get("images");
    assertThat(fromEnv.mirrors()).extracting(m -> m.url().toString()).containsExactly("http://a:1/x/", "http://b:2/x/");
    assertThat(fromEnv.failover().connect()).isEqualTo(Duration.ofMillis(250));
    assertThat(fromEnv.connectTimeout()).as("the remote's own is another key").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void remoteMirrors_theReadmesFleetExampleLoads() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## The fleet");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));

    RemoteConfig images = ConfigLoader.load(file(yaml), Map.of(), List.of()).remotes().get("images");

    assertThat(images.mirrors()).extracting(m -> m.url().toString())
        .containsExactly("https://site-cache.example:8443/images/", "https://site-cache-2.example:8443/images/");
    assertThat(images.mirrors().get(1).certificate()).isPresent();
    assertThat(images.url()).isEqualTo(URI.create("https://images.linuxcontainers.org"));
  }

  @Test
  void remoteMirrors_aBadEntryStopsStartUpNamingTheKey() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=ftp://a/"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'ftp://a/' must be an http:// or https:// URL");
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=https://a/ md5:00"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'https://a/ md5:00' is not a URL optionally followed by sha256:<fingerprint>");
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=https://a/ sha256:abc"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'abc' is not a SHA-256 fingerprint (64 hex characters)");
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=https://a/,https://a"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'https://a' is listed twice, or is the remote's own url");
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=https://images.linuxcontainers.org/"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'https://images.linuxcontainers.org/' is listed twice, or is the remote's own url");
    assertThat(failure(null, Map.of(), List.of("remotes.images.mirrors=https://u:p@a/"))).isEqualTo(
        "Invalid value for remotes.images.mirrors: 'https://***@a/' has a ?query, #fragment or user:password, which a mirror's URL cannot have");
    assertThat(failure(null, Map.of(), List.of("remote_defaults.mirror_header_timeout=10ms"))).isEqualTo(
        "Invalid value for remote_defaults.mirror_header_timeout: '10ms' must be at least 100ms");
  }

  @Test
  void mirror_defaultsListenOn8443InPullThroughModeWithOpenSslAndTheirOwnCertificate() {
    MirrorConfig mirror = defaultsOnly().mirror();
    assertThat(mirror.listen()).contains(new ImageCacheConfig.Listen("127.0.0.1", 8443));
    assertThat(mirror.mode()).isEqualTo(MirrorConfig.Mode.PULL_THROUGH);
    assertThat(mirror.remotes()).isEmpty();
    assertThat(mirror.tls()).isEqualTo(new MirrorConfig.Tls(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
        MirrorConfig.Engine.OPENSSL));
  }

  @Test
  void mirror_keysBindFromSetsAndAnEmptyListenTurnsItOff() {
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of("IMAGECACHE_MIRROR_TLS_ENGINE", "jdk"), List.of("mirror.mode=cached",
        "mirror.remotes=images", "mirror.tls.names=cache.example.org, 10.0.0.7", "mirror.tls.cert=/etc/c.pem", "mirror.tls.key=k.pem"));
    MirrorConfig mirror = cfg.mirror();
    assertThat(mirror.mode()).isEqualTo(MirrorConfig.Mode.CACHED);
    assertThat(mirror.remotes()).containsExactly("images");
    assertThat(mirror.serves("images")).isTrue();
    assertThat(mirror.serves("demo")).isFalse();
    assertThat(mirror.tls().names()).containsExactly("cache.example.org", "10.0.0.7");
    assertThat(mirror.tls().cert()).contains(Path.of("/etc/c.pem"));
    assertThat(mirror.tls().key()).as("relative: from the data directory").contains(Path.of("var/k.pem"));
    assertThat(mirror.tls().engine()).isEqualTo(MirrorConfig.Engine.JDK);
    assertThat(ConfigLoader.load(null, Map.of(), List.of("mirror.listen=")).mirror().enabled()).isFalse();
  }

  @Test
  void mirror_aBadValueStopsStartUpNamingItsKey() {
    assertThat(failure(null, Map.of(), List.of("mirror.mode=proxy"))).isEqualTo("Invalid value for mirror.mode: 'proxy' is not pull-through or cached");
    assertThat(failure(null, Map.of(), List.of("mirror.remotes=images,nowhere")))
        .isEqualTo("Invalid value for mirror.remotes: 'images,nowhere' names 'nowhere', which is not a configured remote");
    assertThat(failure(null, Map.of(), List.of("mirror.tls.cert=c.pem"))).isEqualTo(
        "Missing value for mirror.tls.key: mirror.tls.cert and mirror.tls.key go together");
    assertThat(failure(null, Map.of(), List.of("mirror.tls.names=ok.example,bad name")))
        .isEqualTo("Invalid value for mirror.tls.names: 'ok.example,bad name' holds 'bad name', which is not a DNS name or an address");
    assertThat(failure(null, Map.of(), List.of("mirror.tls.engine=gnutls"))).isEqualTo("Invalid value for mirror.tls.engine: 'gnutls' is not openssl or jdk");
    assertThat(failure(null, Map.of(), List.of("mirror.listen=nowhere"))).startsWith("Invalid value for mirror.listen: 'nowhere'");
  }

  @Test
  void defaults_equalLoadingTheShippedConfFile() {
    Path shipped = Path.of("conf/imagecache.yaml");

    assertThat(ConfigLoader.load(shipped, Map.of(), List.of())).isEqualTo(defaultsOnly());
  }

  @Test
  void configFile_overridesDefaultsKeyByKey() throws IOException {
    Path f = file("""
        listen: 0.0.0.0:9000
        images:
          auto_update_interval: 3
        cache:
          high_watermark: 90%
        """);

    ImageCacheConfig cfg = ConfigLoader.load(f, Map.of(), List.of());

    assertThat(cfg.listen()).isEqualTo(new ImageCacheConfig.Listen("0.0.0.0", 9000));
    assertThat(cfg.images()).isEqualTo(new ImagesSettings(true, 3, 10));
    assertThat(cfg.cache().highWatermark()).isEqualTo(new Watermark(Watermark.Kind.PERCENT, 90));
    assertThat(cfg.cache().lowWatermark()).isEqualTo(new Watermark(Watermark.Kind.PERCENT, 80));
    assertThat(cfg.dataDir()).isEqualTo(Path.of("var"));
    assertThat(cfg.remotes()).containsOnlyKeys("demo", "images");
  }

  @Test
  void environment_overridesConfigFile() throws IOException {
    Path f = file("""
        images:
          auto_update_interval: 3
        remotes:
          fixture:
            url: http://127.0.0.1:1
        """);
    Map<String, String> env = Map.of(
        "IMAGECACHE_IMAGES_AUTO_UPDATE_INTERVAL", "0",
        "IMAGECACHE_REMOTES_FIXTURE_URL", "http://127.0.0.1:9000");

    ImageCacheConfig cfg = ConfigLoader.load(f, env, List.of());

    assertThat(cfg.images().autoUpdateIntervalHours()).isZero();
    assertThat(cfg.remotes()).containsOnlyKeys("demo", "images", "fixture");
    assertThat(cfg.remotes().get("fixture").url()).isEqualTo(URI.create("http://127.0.0.1:9000"));
  }

  @Test
  void environment_addsARemoteWithDefaultProtocolAndTtl() {
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTES_FIXTURE_URL", "http://127.0.0.1:9000"), List.of());

    assertThat(cfg.remotes().get("fixture")).isEqualTo(new RemoteConfig("fixture", URI.create("http://127.0.0.1:9000"), Protocol.SIMPLESTREAMS, Duration.ofHours(1), Duration.ofHours(1),
        Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30), new RemoteConfig.MinimumRate(1024, Duration.ofSeconds(30)),
        64L << 20, 128L << 20, false, true, List.of(), List.of(), FAILOVER));
  }

  @Test
  void catalogCache_defaultsToTrueAndCanBeTurnedOffPerRemote() {
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTES_FIXTURE_URL", "http://127.0.0.1:9000"),
        List.of("remotes.fixture.catalog_cache=false"));

    assertThat(cfg.remotes().get("fixture").catalogCache()).isFalse();
    assertThat(cfg.remotes().get("images").catalogCache()).isTrue();
    assertThat(failure(null, Map.of(), List.of("remotes.images.catalog_cache=maybe"))).contains("remotes.images.catalog_cache");
  }

  @Test
  void environment_staticKeysWithUnderscoresMap() {
    Map<String, String> env = Map.of(
        "IMAGECACHE_LISTEN", "127.0.0.1:0",
        "IMAGECACHE_DATA_DIR", "/srv/imagecache",
        "IMAGECACHE_CACHE_LAUNCH_LEASE", "5m");

    ImageCacheConfig cfg = ConfigLoader.load(null, env, List.of());

    assertThat(cfg.listen().port()).isZero();
    assertThat(cfg.dataDir()).isEqualTo(Path.of("/srv/imagecache"));
    assertThat(cfg.cache().launchLease()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void metricsAndLogKeys_defaultsAndOverrides() {
    assertThat(defaultsOnly().metricsRequireToken()).isTrue();
    assertThat(defaultsOnly().logLevel()).isEqualTo("info");

    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of("IMAGECACHE_METRICS_REQUIRE_TOKEN", "false"), List.of("log.level=DEBUG"));

    assertThat(cfg.metricsRequireToken()).isFalse();
    assertThat(cfg.logLevel()).isEqualTo("debug");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("log.level=loud")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("log.level");
  }

  @Test
  void set_overridesEnvironment() {
    ImageCacheConfig cfg = ConfigLoader.load(null,
        Map.of("IMAGECACHE_IMAGES_AUTO_UPDATE_INTERVAL", "0"),
        List.of("images.auto_update_interval=12", "remotes.images.url=http://127.0.0.1:8000"));

    assertThat(cfg.images().autoUpdateIntervalHours()).isEqualTo(12);
    assertThat(cfg.remotes().get("images").url()).isEqualTo(URI.create("http://127.0.0.1:8000"));
  }

  @Test
  void clientVariables_inEnvironmentAreIgnored() {
    ImageCacheConfig cfg = ConfigLoader.load(null,
        Map.of("IMAGECACHE_TOKEN", "secret", "IMAGECACHE_ENDPOINT", "http://127.0.0.1:1", "PATH", "/usr/bin"), List.of());

    assertThat(cfg).isEqualTo(defaultsOnly());
  }

  @Test
  void remoteSetToNull_inFileRemovesTheDefaultRemote() throws IOException {
    Path f = file("""
        remotes:
          images: null
          demo: null
          mirror:
            url: file:///srv/mirror
        """);

    ImageCacheConfig cfg = ConfigLoader.load(f, Map.of(), List.of());

    assertThat(cfg.remotes()).containsOnlyKeys("mirror");
  }

  @Test
  void unknownKey_inFileIsNamed() throws IOException {
    assertThat(fileFailure("images:\n  auto_update_intervall: 3\n"))
        .contains("images.auto_update_intervall").contains("config file");
  }

  @Test
  void unknownKey_inEnvironmentIsNamed() {
    assertThat(failure(null, Map.of("IMAGECACHE_BOGUS", "1"), List.of())).contains("IMAGECACHE_BOGUS");
  }

  @Test
  void unknownKey_inSetIsNamed() {
    assertThat(failure(null, Map.of(), List.of("cache.bogus=1"))).contains("cache.bogus").contains("--set");
  }

  @Test
  void unknownRemoteField_isNamed() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.token=x"))).contains("remotes.images.token");
  }

  @Test
  void setWithoutEquals_isRefused() {
    assertThat(failure(null, Map.of(), List.of("images.auto_update_interval"))).contains("images.auto_update_interval");
  }

  @Test
  void badDuration_namesTheKey() throws IOException {
    assertThat(fileFailure("cache:\n  launch_lease: 10 minutes\n")).contains("cache.launch_lease").contains("10 minutes");
  }

  @Test
  void zeroLaunchLease_isRefused() {
    assertThat(failure(null, Map.of(), List.of("cache.launch_lease=0s"))).contains("cache.launch_lease");
  }

  @Test
  void databaseUrl_defaultsToTheSqliteFileInTheDataDir_takesAnotherSqliteFile_refusesTheRest() {
    assertThat(ConfigLoader.load(null, Map.of(), List.of("data_dir=/srv/ic")).database()).isEqualTo(new DatabaseConfig.Sqlite(Path.of("/srv/ic/imagecache.db")));
    assertThat(ConfigLoader.load(null, Map.of(), List.of("data_dir=/srv/ic", "database.url=jdbc:sqlite:/fast/ic.db")).database())
        .isEqualTo(new DatabaseConfig.Sqlite(Path.of("/fast/ic.db")));
    assertThat(ConfigLoader.load(null, Map.of(), List.of("data_dir=/srv/ic", "database.url=jdbc:sqlite:db/ic.db")).database())
        .isEqualTo(new DatabaseConfig.Sqlite(Path.of("/srv/ic/db/ic.db")));
    assertThat(failure(null, Map.of(), List.of("database.url=jdbc:mysql://127.0.0.1/ic"))).contains("database.url").contains("not supported");
    assertThat(failure(null, Map.of(), List.of("database.url=jdbc:sqlite::memory:"))).contains("database.url").contains("must name a file");
  }

  @Test
  void databaseUrl_takesPostgresql_withItsUserAndAPasswordFromTheKeyTheFileOrTheEnvironment(@TempDir Path dir) throws Exception {
    String url = "jdbc:postgresql://db.example:5432/imagecache";
    assertThat(ConfigLoader.load(null, Map.of(), List.of("database.url=" + url, "database.user=ic")).database())
        .isEqualTo(new DatabaseConfig.Postgres(url, "ic", Optional.empty()));
    assertThat(ConfigLoader.load(null, Map.of(), List.of("database.url=" + url, "database.user=ic", "database.password=s3cret")).database())
        .isEqualTo(new DatabaseConfig.Postgres(url, "ic", Optional.of("s3cret")));
    assertThat(ConfigLoader.load(null, Map.of("IMAGECACHE_DATABASE_PASSWORD", "from-env"), List.of("database.url=" + url, "database.user=ic")).database())
        .isEqualTo(new DatabaseConfig.Postgres(url, "ic", Optional.of("from-env")));
    Files.writeString(dir.resolve("pw"), "from-file\n");
    assertThat(ConfigLoader.load(null, Map.of(), List.of("data_dir=" + dir, "database.url=" + url, "database.user=ic", "database.password_file=pw")).database())
        .isEqualTo(new DatabaseConfig.Postgres(url, "ic", Optional.of("from-file")));
    String twoHosts = "jdbc:postgresql://db1:5432,db2:5432/imagecache?targetServerType=primary";
    assertThat(ConfigLoader.load(null, Map.of(), List.of("database.url=" + twoHosts, "database.user=ic")).database())
        .isEqualTo(new DatabaseConfig.Postgres(twoHosts, "ic", Optional.empty()));
  }

  @Test
  void aPostgresqlDatabase_withoutAUser_aDatabaseName_orAReadablePasswordFile_isRefusedNamingTheKey(@TempDir Path dir) {
    String url = "jdbc:postgresql://db.example:5432/imagecache";
    assertThat(failure(null, Map.of(), List.of("database.url=" + url))).contains("database.user").contains("must be set");
    assertThat(failure(null, Map.of(), List.of("database.url=jdbc:postgresql://db.example:5432/", "database.user=ic"))).contains("database.url")
        .contains("jdbc:postgresql://HOST:PORT/DB");
    assertThat(failure(null, Map.of(), List.of("database.url=jdbc:postgresql:imagecache", "database.user=ic"))).contains("database.url");
    assertThat(failure(null, Map.of(), List.of("data_dir=" + dir, "database.url=" + url, "database.user=ic", "database.password_file=missing")))
        .contains("database.password_file").contains("cannot be read").contains("NoSuchFileException");
    assertThat(failure(null, Map.of(), List.of("data_dir=" + dir, "database.url=" + url, "database.user=ic", "database.password=x", "database.password_file=pw")))
        .contains("database.password_file").contains("set one of them");
    assertThat(failure(null, Map.of(), List.of("database.user=ic"))).contains("database.user").contains("applies only to a PostgreSQL database.url");
    assertThat(failure(null, Map.of(), List.of("database.password=hunter2"))).contains("database.password").doesNotContain("hunter2");
  }

  @Test
  void aDatabasePassword_neverShowsInTheDescription_inTheKeyOrInTheUrl() {
    ImageCacheConfig config = ConfigLoader.load(null, Map.of(), List.of("database.url=jdbc:postgresql://db.example/ic?sslmode=require&password=hunter2",
        "database.user=ic", "database.password=hunter3"));
    assertThat(config.describe()).contains("database.url=jdbc:postgresql://db.example/ic?sslmode=require&password=***")
        .contains("database.password=***").doesNotContain("hunter2").doesNotContain("hunter3");
    assertThat(config.database().toString()).doesNotContain("hunter2").doesNotContain("hunter3");
  }

  @Test
  void schedulesOutsideTheirBounds_areRefusedNamingTheKey() {
    assertThat(failure(null, Map.of(), List.of("cache.auto_update_tick=500ms"))).contains("cache.auto_update_tick").contains("at least 1s");
    assertThat(failure(null, Map.of(), List.of("cache.auto_update_tick=2h"))).contains("cache.auto_update_tick");
    assertThat(failure(null, Map.of(), List.of("cache.prune_interval=31d"))).contains("cache.prune_interval");
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of(), List.of("cache.auto_update_tick=2s", "cache.prune_interval=1m"));
    assertThat(cfg.cache().autoUpdateTick()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cfg.cache().pruneInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void catalogBoundOutsideOneKiBToOneGiB_isRefused() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.max_catalog_size=2GiB"))).contains("remotes.images.max_catalog_size").contains("1GiB");
    assertThat(failure(null, Map.of(), List.of("remotes.images.max_catalog_size=10B"))).contains("remotes.images.max_catalog_size");
  }

  @Test
  void negativeInterval_namesTheKey() throws IOException {
    assertThat(fileFailure("images:\n  auto_update_interval: -1\n")).contains("images.auto_update_interval").contains("-1");
  }

  @Test
  void nonBoolean_namesTheKey() throws IOException {
    assertThat(fileFailure("images:\n  auto_update_cached: maybe\n")).contains("images.auto_update_cached").contains("maybe");
  }

  @Test
  void badPort_namesTheKey() {
    assertThat(failure(null, Map.of(), List.of("listen=127.0.0.1:99999"))).contains("listen").contains("99999");
    assertThat(failure(null, Map.of(), List.of("listen=127.0.0.1:http"))).contains("listen");
    assertThat(failure(null, Map.of(), List.of("listen=8470"))).contains("listen");
  }

  @Test
  void ipv6Listen_isAccepted() {
    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of(), List.of("listen=[::1]:8470"));

    assertThat(cfg.listen()).isEqualTo(new ImageCacheConfig.Listen("::1", 8470));
    assertThat(cfg.listen()).hasToString("[::1]:8470");
  }

  @Test
  void badUrlScheme_namesTheKey() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.url=ftp://images.example.org")))
        .contains("remotes.images.url").contains("ftp://images.example.org");
  }

  @Test
  void remoteWithoutUrl_namesTheKey() {
    assertThat(failure(null, Map.of(), List.of("remotes.other.catalog_ttl=1h"))).contains("remotes.other.url");
  }

  @Test
  void staleWhileRevalidate_defaultsToTheTtlAndTakesZero() {
    ImageCacheConfig defaults = ConfigLoader.load(null, Map.of(), List.of("remotes.images.catalog_ttl=20m"));
    assertThat(defaults.remotes().get("images").catalogStaleWhileRevalidate()).isEqualTo(Duration.ofMinutes(20));
    ImageCacheConfig zero = ConfigLoader.load(null, Map.of(), List.of("remotes.images.catalog_stale_while_revalidate=0s"));
    assertThat(zero.remotes().get("images").catalogStaleWhileRevalidate()).isZero();
    ImageCacheConfig env = ConfigLoader.load(null, Map.of("IMAGECACHE_REMOTES_IMAGES_CATALOG_STALE_WHILE_REVALIDATE", "5m"), List.of());
    assertThat(env.remotes().get("images").catalogStaleWhileRevalidate()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void staleWhileRevalidate_negativeOrNotADuration_namesTheKey() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.catalog_stale_while_revalidate=-1s")))
        .contains("remotes.images.catalog_stale_while_revalidate").contains("-1s").contains("not a duration");
    assertThat(failure(null, Map.of(), List.of("remotes.images.catalog_stale_while_revalidate=soon")))
        .contains("remotes.images.catalog_stale_while_revalidate").contains("soon");
  }

  @Test
  void badCertificatePin_namesTheKey() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.certificate=abc123"))).contains("remotes.images.certificate");
  }

  @Test
  void certificatePin_withColonsIsNormalised() {
    String hex = "AB".repeat(32);
    String withColons = String.join(":", hex.split("(?<=\\G..)"));

    ImageCacheConfig cfg = ConfigLoader.load(null, Map.of(), List.of("remotes.images.certificate=" + withColons));

    assertThat(cfg.remotes().get("images").certificate()).contains("ab".repeat(32));
  }

  @Test
  void lowWatermarkAboveHigh_namesBothKeys() {
    assertThat(failure(null, Map.of(), List.of("cache.low_watermark=90%")))
        .contains("cache.low_watermark").contains("cache.high_watermark");
  }

  @Test
  void watermarksOfMixedKinds_areRefused() {
    assertThat(failure(null, Map.of(), List.of("cache.high_watermark=20GiB")))
        .contains("cache.low_watermark").contains("cache.high_watermark").contains("percentages or both be sizes");
  }

  @Test
  void listValue_namesTheKey() throws IOException {
    assertThat(fileFailure("listen:\n  - 127.0.0.1:1\n  - 127.0.0.1:2\n")).contains("listen").contains("list");
  }

  @Test
  void allowRedirectsTo_isAListInYamlAndCommaSeparatedElsewhere() throws IOException {
    Path f = file("remotes:\n  images:\n    url: https://images.example.org\n    allow_redirects_to:\n"
        + "      - https://cdn.example.org\n      - https://cdn2.example.org:8443\n");
    assertThat(ConfigLoader.load(f, Map.of(), List.of()).remotes().get("images").allowRedirectsTo())
        .containsExactly(URI.create("https://cdn.example.org"), URI.create("https://cdn2.example.org:8443"));
    assertThat(ConfigLoader.load(null, Map.of(), List.of("remotes.images.allow_redirects_to=https://a.example, http://b.example:81/"))
        .remotes().get("images").allowRedirectsTo())
        .containsExactly(URI.create("https://a.example"), URI.create("http://b.example:81/"));
    assertThat(ConfigLoader.load(null, Map.of(), List.of()).remotes().get("images").allowRedirectsTo()).isEmpty();
  }

  @Test
  void allowRedirectsTo_thatIsNoOrigin_namesTheKeyAndTheValue() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.allow_redirects_to=https://cdn.example.org/path")))
        .contains("remotes.images.allow_redirects_to").contains("https://cdn.example.org/path").contains("not an origin");
    assertThat(failure(null, Map.of(), List.of("remotes.images.allow_redirects_to=ftp://cdn.example.org")))
        .contains("remotes.images.allow_redirects_to").contains("ftp://");
  }

  @Test
  void aRemoteUrlWithAQueryOrFragment_isRefusedWithoutItsCredentials() {
    assertThat(failure(null, Map.of(), List.of("remotes.images.url=https://u:secret@images.example.org/?x=1")))
        .contains("remotes.images.url").contains("?query").doesNotContain("secret");
    assertThat(failure(null, Map.of(), List.of("remotes.images.url=https://images.example.org/#top"))).contains("#fragment");
  }

  @Test
  void aKeyGivenTwiceInOneFile_isRefused() throws IOException {
    assertThat(fileFailure("images:\n  auto_update_interval: 3\n  auto_update_interval: 4\n"))
        .contains("auto_update_interval").contains("Duplicate");
  }

  @Test
  void durationsPastTenYearsOrTimeoutsPastTheirBound_nameTheKey() {
    assertThat(failure(null, Map.of(), List.of("cache.launch_lease=999999999999d"))).contains("cache.launch_lease").contains("3650d");
    assertThat(failure(null, Map.of(), List.of("remotes.images.idle_timeout=999999999999d"))).contains("remotes.images.idle_timeout");
    assertThat(failure(null, Map.of(), List.of("remotes.images.connect_timeout=25d")))
        .contains("remotes.images.connect_timeout").contains("at most 1h");
  }

  @Test
  void malformedYaml_namesTheFile() throws IOException {
    Path f = file("images: [unclosed\n");

    assertThat(failure(f, Map.of(), List.of())).contains(f.toString()).contains("not valid YAML");
  }

  @Test
  void scalarDocument_namesTheFile() throws IOException {
    Path f = file("just a string\n");

    assertThat(failure(f, Map.of(), List.of())).contains(f.toString());
  }

  @Test
  void missingConfigFile_namesTheFile() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(failure(missing, Map.of(), List.of())).contains(missing.toString()).contains("no such file");
  }

  @Test
  void emptyConfigFile_givesDefaults() throws IOException {
    assertThat(ConfigLoader.load(file(""), Map.of(), List.of())).isEqualTo(defaultsOnly());
  }

  @Test
  void badRemoteName_isRefused() {
    assertThat(failure(null, Map.of(), List.of("remotes.Bad!.url=http://x"))).contains("Bad!");
  }

  @Test
  void envName_upperCasesAndReplacesDotsAndDashes() {
    assertThat(ConfigLoader.envName("remotes.my-mirror.url")).isEqualTo("IMAGECACHE_REMOTES_MY_MIRROR_URL");
  }

  @Test
  void loadErrors_areConfigExceptions() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), List.of("data_dir=")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("data_dir");
  }
}
