package org.imagecache.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes an uncompressed ustar archive: enough for a real image metadata or rootfs tarball. */
final class TarWriter {
  private static final int BLOCK = 512;
  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Adds a regular file whose content the writer streams ({@code size} bytes exactly). */
  void file(String name, long size, ContentWriter content) throws IOException {
    out.write(header(name, size, '0', 0644));
    content.writeTo(out);
    pad(size);
  }

  void file(String name, byte[] content) throws IOException {
    file(name, content.length, o -> o.write(content));
  }

  void directory(String name) throws IOException {
    out.write(header(name.endsWith("/") ? name : name + "/", 0, '5', 0755));
  }

  /** The two zero blocks that end an archive. */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  private static byte[] header(String name, long size, char type, int mode) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    put(h, 100, 8, octal(mode, 7));
    put(h, 108, 8, octal(0, 7));
    put(h, 116, 8, octal(0, 7));
    put(h, 124, 12, octal(size, 11));
    put(h, 136, 12, octal(0, 11));
    h[156] = (byte) type;
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, octal(sum, 6) + "\0 ");
    return h;
  }

  private static String octal(long value, int digits) {
    String s = Long.toOctalString(value);
    return "0".repeat(Math.max(0, digits - s.length())) + s;
  }

  private static void put(byte[] h, int offset, int length, String value) {
    byte[] b = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
  }

  /** Streams a file's content. */
  interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }
}
