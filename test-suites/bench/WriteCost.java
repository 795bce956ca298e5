import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What writing a new file costs this machine's kernel, through the page cache and with O_DIRECT, as a
 * download's temp file is written (1 MiB writes into a new file, then force()):
 * {@code java test-suites/bench/WriteCost.java DIR [GiB] [rounds]}. Prints the process's CPU-seconds
 * per GiB of each round, the two ways alternating, and their medians. DIR must be on the filesystem
 * being judged (the image store's). The files stay until the end, as a store's images do (a file
 * removed at once would hand its page-cache pages to the next round), and are removed then.
 */
public class WriteCost {
  private static final int BUFFER = 1024 * 1024;

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long gib = args.length > 1 ? Long.parseLong(args[1]) : 1;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ByteBuffer data = ByteBuffer.allocateDirect(BUFFER + 4096).alignedSlice(4096);
    byte[] random = new byte[BUFFER];
    new Random(1).nextBytes(random);
    data.put(random).flip();
    List<Double> buffered = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try {
      for (int r = 0; r < rounds; r++) {
        buffered.add(round(os, dir, written, data, gib, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        direct.add(round(os, dir, written, data, gib, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            com.sun.nio.file.ExtendedOpenOption.DIRECT));
        System.out.printf("round %d: buffered %.2f, O_DIRECT %.2f CPU-s per GiB%n", r + 1, buffered.get(r), direct.get(r));
      }
    } finally {
      for (Path f : written) {
        Files.deleteIfExists(f);
      }
    }
    System.out.printf("median of %d alternating rounds, %d GiB each, in %s: buffered %.2f, O_DIRECT %.2f CPU-s per GiB%n", rounds, gib, dir,
        median(buffered), median(direct));
  }

  private static double round(OperatingSystemMXBean os, Path dir, List<Path> written, ByteBuffer data, long gib, OpenOption... options)
      throws IOException {
    Path file = Files.createTempFile(dir, "writecost", ".tmp");
    Files.delete(file);
    written.add(file);
    long cpu0 = os.getProcessCpuTime();
    try (FileChannel ch = FileChannel.open(file, options)) {
      for (long i = 0; i < gib * 1024; i++) {
        ByteBuffer b = data.duplicate();
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      ch.force(true);
    }
    return (os.getProcessCpuTime() - cpu0) / 1e9 / gib;
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
