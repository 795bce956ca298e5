package org.imagecache.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imagecache.suites.harness.Cli;
import org.imagecache.suites.harness.Fixture;
import org.imagecache.suites.harness.HttpApi;
import org.imagecache.suites.harness.ImageCacheProcess;
import org.imagecache.suites.harness.ImageCacheProcess.CliResult;
import org.imagecache.suites.harness.StreamServer;
import org.imagecache.suites.harness.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a careless or hostile hand does to a data directory under a running service: a second service
 * pointed at the first one's store, or started after every file that looks like a lock was deleted;
 * the database deleted while the service runs; a stray directory in the image store. Nothing a user
 * pulled or cached is lost, and each refusal is one line that says why.
 */
class DataDirSafetySuite {
  @TempDir Path work;

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static CliResult serve(Path config) throws Exception {
    return Cli.run(Map.of(), List.of("serve", "--config", config.toString()));
  }

  @Test
  void aSecondServiceWhoseImagesIsASymlinkToTheFirstsStoreIsRefusedAndDeletesNothing() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("first"), "", "20261101_0000")) {
      assertThat(f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      Path store = f.service.dataDir().resolve("images");
      List<String> before = files(store);
      assertThat(before).hasSize(2);

      Path second = Files.createDirectories(work.resolve("second/data"));
      Files.createSymbolicLink(second.resolve("images"), store);
      Path cfg = Files.writeString(work.resolve("second.yaml"), "listen: 127.0.0.1:" + ImageCacheProcess.freePort()
          + "\ndata_dir: " + second + "\n");
      CliResult r = serve(cfg);
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
      assertThat(r.stderr().strip().lines()).hasSize(1);
      assertThat(r.stderr()).contains(second.resolve("images").toString()).contains("outside data_dir");

      assertThat(files(store)).isEqualTo(before);
      HttpApi.Response cached = f.service.api().post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(cached.metadata().path("present").asBoolean()).isTrue();
      assertThat(Files.size(Path.of(cached.metadata().path("files").path("root").asText()))).isPositive();
    }
  }

  @Test
  void noFileDeletedInTheDataDirLetsASecondServiceStartOnIt() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("first"), "", "20261101_0000")) {
      Path data = f.service.dataDir();
      assertThat(data.resolve("imagecache.lock")).as("the lock is on the directory, not a file").doesNotExist();
      Path cfg = Files.writeString(work.resolve("second.yaml"), "listen: 127.0.0.1:" + ImageCacheProcess.freePort()
          + "\ndata_dir: " + data + "\n");
      CliResult r = serve(cfg);
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
      assertThat(r.stderr()).contains("in use by another imagecache");
      assertThat(f.service.api().get("/1.0").status()).isEqualTo(200);
    }
  }

  @Test
  void aDatabaseDeletedWhileRunningFailsHealthRefusesWritesAndTheNextStartKeepsTheImages() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("svc"), "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String fp = f.fingerprints.get("20261101_0000");
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      assertThat(api.post("/1.0/images/aliases", "{\"name\":\"web\",\"target\":\"" + fp + "\"}").status()).isEqualTo(201);
      Path data = f.service.dataDir();
      for (String name : List.of("imagecache.db", "imagecache.db-wal", "imagecache.db-shm")) {
        Files.deleteIfExists(data.resolve(name));
      }

      HttpApi.Response health = api.get("/healthz");
      assertThat(health.status()).as(health.raw()).isEqualTo(503);
      assertThat(health.reason()).isEqualTo("database_lost");
      HttpApi.Response write = api.post("/1.0/images/aliases", "{\"name\":\"other\",\"target\":\"" + fp + "\"}");
      assertThat(write.status()).as(write.raw()).isEqualTo(503);
      assertThat(write.reason()).isEqualTo("database_lost");
      assertThat(write.body().path("error").asText()).contains("imagecache.db").contains("deleted");
      f.service.stop();

      List<String> images = files(data.resolve("images"));
      assertThat(images).containsExactlyInAnyOrder(fp, fp + ".rootfs");
      CliResult again = serve(f.service.configFile());
      assertThat(again.exitCode()).as(again.stderr()).isEqualTo(1);
      assertThat(again.stderr().strip().lines()).hasSize(1);
      assertThat(again.stderr()).contains("imagecache.db").contains("is missing").contains("2 image file").contains("mv ");
      assertThat(files(data.resolve("images"))).isEqualTo(images);
      assertThat(data.resolve("imagecache.db")).doesNotExist();
    }
  }

  @Test
  void aStrayDirectoryInTheImageStoreIsLoggedAndSkipped() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("svc"), "", "20261101_0000")) {
      String fp = "ab".repeat(32);
      f.service.stop();
      Path images = f.service.dataDir().resolve("images");
      Files.createDirectories(images.resolve(fp + ".rootfs/sub"));
      Files.writeString(images.resolve(fp + ".rootfs/sub/file"), "x");
      Files.createDirectories(images.resolve("x.partial/sub"));

      f.service.start();
      assertThat(f.service.api().get("/healthz").status()).isEqualTo(200);
      assertThat(f.service.logText()).contains("left " + fp + ".rootfs alone: a directory").contains("left x.partial alone");
      assertThat(images.resolve(fp + ".rootfs/sub/file")).isRegularFile();
    }
  }

  @Test
  void damagedFilesAreFoundByARestartAndByVerifyAndFetchedAgain() throws Exception {
    try (Fixture f = Fixture.start(work.resolve("svc"), "", "20261101_0000")) {
      HttpApi api = f.service.api();
      String fp = f.fingerprints.get("20261101_0000");
      assertThat(api.post("/1.0/lookup", Fixture.lookup("testos/1")).status()).isEqualTo(200);
      Path rootfs = f.service.dataDir().resolve("images/" + fp + ".rootfs");
      f.service.stop();
      flipMiddleByte(rootfs);

      f.service.start();
      HttpApi after = f.service.api();
      org.imagecache.suites.harness.Poll.until(() -> after.get("/1.0/cache/events?kind=image-damaged").metadata().size() == 1);
      assertThat(rootfs).doesNotExist();
      HttpApi.Response again = after.post("/1.0/lookup", Fixture.lookup("testos/1"));
      assertThat(again.status()).as(again.raw()).isEqualTo(200);
      assertThat(again.metadata().path("downloaded").asBoolean()).isTrue();
      assertThat(f.service.cli("images", "verify").exitCode()).isZero();

      flipMiddleByte(rootfs);
      var verify = f.service.cli("images", "verify", fp.substring(0, 12));
      assertThat(verify.exitCode()).as(verify.stderr()).isEqualTo(1);
      assertThat(verify.stdout()).contains(fp.substring(0, 12)).contains("damaged, removed").contains("SHA-256");
      assertThat(after.post("/1.0/lookup", Fixture.lookup("testos/1")).metadata().path("downloaded").asBoolean()).isTrue();
    }
  }

  /**
   * A virtual machine's disk is {@code <fp>.disk} in the store, not a ".rootfs"; one that an earlier
   * version kept as {@code <fp>.rootfs} is renamed at the next start and launches without a download.
   */
  @Test
  void aVirtualMachineDiskKeptAsRootfsByAnEarlierVersionIsRenamedAtStartAndLaunchesWithoutADownload() throws Exception {
    Path stream = work.resolve("stream");
    CliResult made = Cli.run(Map.of(), List.of("make-stream", stream.toString(), "--vm-disk", "256KiB"));
    assertThat(made.exitCode()).as(made.stderr()).isZero();
    String vm = HttpApi.JSON.readTree(made.stdout()).path("testos:1:amd64:default vm").path("20261101_0000").asText();
    String lookup = "{\"remote\":\"fixture\",\"alias\":\"testos/1\",\"type\":\"virtual-machine\"}";
    try (StreamServer server = StreamServer.serve(stream);
        ImageCacheProcess svc = ImageCacheProcess.create(work, "remotes:\n  fixture:\n    url: " + server.url() + "\n")) {
      svc.start();
      HttpApi.Response first = svc.api().post("/1.0/lookup", lookup);
      assertThat(first.status()).as(first.raw()).isEqualTo(200);
      assertThat(first.metadata().path("fingerprint").asText()).isEqualTo(vm);
      Path disk = svc.dataDir().resolve("images/" + vm + ".disk").toAbsolutePath();
      Path rootfs = disk.resolveSibling(vm + ".rootfs");
      assertThat(first.metadata().path("files").path("root").asText()).isEqualTo(disk.toString());
      assertThat(svc.stop()).isZero();

      Files.move(disk, rootfs); // as an earlier version stored it
      svc.start();
      HttpApi.Response again = svc.api().post("/1.0/lookup", lookup);

      assertThat(again.status()).as(again.raw()).isEqualTo(200);
      assertThat(again.metadata().path("present").asBoolean()).as("no download").isTrue();
      assertThat(again.metadata().path("files").path("root").asText()).isEqualTo(disk.toString());
      assertThat(Streams.sha256(Path.of(again.metadata().path("files").path("meta").asText()), disk)).isEqualTo(vm);
      assertThat(rootfs).doesNotExist();
      assertThat(server.served("disk.qcow2")).isEqualTo(1);
      assertThat(svc.logText()).contains("its virtual machine disk is now " + vm + ".disk (was " + vm + ".rootfs)");
    }
  }

  private static void flipMiddleByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
  }
}
