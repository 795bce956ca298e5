package org.imagecache.cli;

import org.imagecache.failure.ImageCacheException;
import org.imagecache.image.Architecture;
import org.imagecache.image.ImageType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Values the CLI checks itself, before any request: a wrong one is a usage error (exit 2) naming the
 * values it takes, like any other option's.
 */
final class ClientChecks {
  private ClientChecks() {}

  /** {@code --type}: LXD's wire names. */
  static final class TypeName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return checked(() -> ImageType.fromWireName(value).wireName());
    }
  }

  /** {@code --arch}: a kernel architecture name from LXD's table. */
  static final class ArchitectureName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return checked(() -> Architecture.check(value));
    }
  }

  /** The service's own check, run here: its message becomes the usage error's. */
  private static String checked(java.util.function.Supplier<String> check) {
    try {
      return check.get();
    } catch (ImageCacheException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code --set KEY=VALUE}: a key, an equals sign, a value (which may be empty). */
  static final class KeyEqualsValue implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw new TypeConversionException("'" + value + "' is not KEY=VALUE (for example --set listen=127.0.0.1:8470)");
      }
      return value;
    }
  }
}
