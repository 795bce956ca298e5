package org.imagecache;

import org.imagecache.cli.ImageCacheCommand;

/** {@code java -jar imagecache.jar COMMAND}: the service ({@code serve}) and the admin CLI in one jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(ImageCacheCommand.run(args));
  }
}
