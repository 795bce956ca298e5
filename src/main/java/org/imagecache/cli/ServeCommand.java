package org.imagecache.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.imagecache.config.ConfigException;
import org.imagecache.config.ConfigLoader;
import org.imagecache.config.ImageCacheConfig;
import org.imagecache.server.ImageCacheServer;
import org.imagecache.server.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code imagecache serve}: runs the service until SIGTERM or SIGINT, then drains and exits 0. */
@Command(name = "serve", description = "Run the imagecache service.")
public final class ServeCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin HelpOption helpOption;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file, merged over the built-in one (conf/imagecache.yaml, shipped in the jar). Default: none.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", converter = ClientChecks.KeyEqualsValue.class,
      description = "Override one configuration key, as the YAML file names it (repeatable): --set cache.keep_revisions=2. Default: none.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Log lines as text or as json (one JSON object a line, for log shippers). Default: ${DEFAULT-VALUE}.")
  LogSetup.Format logFormat = LogSetup.Format.text;

  /** Runs the service's clock this far ahead of the real one; for tests only (see {@link ServiceClock}). */
  @Option(names = "--test-clock-offset", paramLabel = "DURATION", hidden = true,
      description = "For tests only: run the service's clock this far ahead of the real one (accepted with IMAGECACHE_TEST_CLOCK=1). Default: none.")
  String testClockOffset;

  @Override
  public Integer call() {
    LogSetup.format(logFormat);
    ImageCacheServer server;
    try {
      Map<String, String> environment = System.getenv();
      Clock clock = ServiceClock.of(testClockOffset, environment);
      ImageCacheConfig cfg = ConfigLoader.load(config, environment, sets);
      LogSetup.level(cfg.logLevel());
      server = ImageCacheServer.start(cfg, clock, ImageCacheCommand.version());
      // after the start, so that a start-up error stays the one line it is
      log().info("effective configuration: {}", cfg.describe());
    } catch (ConfigException | StartupException e) {
      if (logFormat == LogSetup.Format.json) {
        log().error("imagecache: cannot start: {}", e.getMessage());
      } else {
        System.err.println("imagecache: cannot start: " + e.getMessage());
      }
      return 1;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    return 0;
  }

  /** Looked up when the service starts, not when the CLI builds its command tree: client commands never start logback. */
  private static Logger log() {
    return LoggerFactory.getLogger(ServeCommand.class);
  }
}
