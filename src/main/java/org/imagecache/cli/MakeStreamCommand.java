package org.imagecache.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imagecache.config.Sizes;
import org.imagecache.demo.StreamGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code imagecache make-stream OUT}: writes a simplestreams tree of real split images (for a local
 * mirror to try things against, the black-box suites and the benchmarks). Prints product -> version
 * -> fingerprint as JSON; with {@code --vm-disk}, also {@code "<product> vm"} -> version -> the virtual
 * machine image's fingerprint.
 */
@Command(name = "make-stream",
    description = "Write a simplestreams tree of generated images (metadata and rootfs tarballs) under OUT.")
public final class MakeStreamCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin HelpOption helpOption;
  @Parameters(index = "0", paramLabel = "OUT", description = "Directory to write the stream into (streams/v1/ and images/); created if missing.")
  Path out;

  @Option(names = "--os", defaultValue = "testos", description = "Operating system name of the products (default: ${DEFAULT-VALUE}).")
  String os;

  @Option(names = "--releases", split = ",", defaultValue = "1", description = "Releases, comma-separated: one product each, alias OS/RELEASE (default: ${DEFAULT-VALUE}).")
  List<String> releases;

  @Option(names = "--versions", split = ",", defaultValue = "20261101_0000", description = "Version serials, comma-separated, each a distinct image (default: ${DEFAULT-VALUE}).")
  List<String> versions;

  @Option(names = "--archs", split = ",", defaultValue = "amd64", description = "Debian architecture names, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> archs;

  @Option(names = "--payload", defaultValue = "64KiB", description = "Size of each rootfs payload, such as 64KiB or 1GiB (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--vm-disk", defaultValue = "0", description = "Also give each version a virtual machine disk of this size (disk.qcow2, "
      + "its fingerprints printed under \"PRODUCT vm\"); 0 for containers only (default: ${DEFAULT-VALUE}).")
  String vmDisk;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long bytes = size("--payload", payload);
    long diskBytes = size("--vm-disk", vmDisk);
    Map<String, Map<String, String>> summary = StreamGenerator.write(out, new StreamGenerator.Spec(os, releases, versions, archs, bytes, diskBytes));
    spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
    return 0;
  }

  private static long size(String option, String value) {
    try {
      return Sizes.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + " '" + value + "' " + e.getMessage());
    }
  }
}
