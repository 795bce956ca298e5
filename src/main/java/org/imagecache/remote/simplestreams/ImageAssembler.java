package org.imagecache.remote.simplestreams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.imagecache.image.Architecture;

/**
 * Turns a parsed products file into image candidates, product by product and version by version.
 * Skipped, each with a warning: a file whose datatype is not {@code image-downloads}, a product whose
 * architecture is unknown ({@link Architecture#fromCatalogName}), a version whose serial does not
 * begin with a date (as LXD skips it).
 */
final class ImageAssembler {
  private final Warnings warnings;
  private final FileCheck files;

  ImageAssembler(Warnings warnings) {
    this.warnings = warnings;
    this.files = new FileCheck(warnings);
  }

  List<ImageCandidate> assemble(ProductsDocument document) {
    String datatype = document.datatype();
    if (datatype != null && !datatype.equals(IndexEntry.IMAGE_DOWNLOADS)) {
      warnings.add(document.source() + ": datatype '" + datatype + "' has no image downloads; skipped");
      return List.of();
    }
    List<ImageCandidate> out = new ArrayList<>();
    for (ProductEntry product : document.products().values()) {
      scope(document.source(), product).ifPresent(scope -> addProduct(scope, out));
    }
    return out;
  }

  private Optional<ProductScope> scope(String source, ProductEntry product) {
    Optional<String> kernelArch = Architecture.fromCatalogName(product.get("arch"));
    if (kernelArch.isEmpty()) {
      warnings.add(source + ": product '" + product.id() + "' has unknown architecture '"
          + product.get("arch") + "'; skipped");
      return Optional.empty();
    }
    Instant expiresAt = Serials.endOfLife(product.get("support_eol")).orElse(null);
    return Optional.of(new ProductScope(source, product, kernelArch.get(),
        aliasNames(source, product), expiresAt));
  }

  private void addProduct(ProductScope scope, List<ImageCandidate> out) {
    addVersions(scope, out);
  }

  private void addVersions(ProductScope scope, List<ImageCandidate> out) {
    for (VersionEntry version : scope.product().versions().values()) {
      Optional<Instant> createdAt = Serials.createdAt(version.serial());
      if (createdAt.isEmpty()) {
        warnings.add(scope.place(version.serial()).describe(null, null)
            + ": the serial is not a date; version skipped");
        continue;
      }
      new VersionImages(scope, version, createdAt.get(), files, warnings).addTo(out);
    }
  }

  /** The longest alias name kept; LXD's API refuses longer names than this too. */
  static final int MAX_ALIAS_LENGTH = 255;

  /**
   * The product's comma-separated aliases, trimmed, without empty or repeated names. A name with a
   * control character (an escape sequence, a bell, a newline) or longer than {@value #MAX_ALIAS_LENGTH}
   * characters is skipped with a warning: it could only ever reach a terminal or a log as a trap.
   */
  private List<String> aliasNames(String source, ProductEntry product) {
    String aliases = product.get("aliases");
    if (aliases == null || aliases.isBlank()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : aliases.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (hasControlCharacter(trimmed) || trimmed.length() > MAX_ALIAS_LENGTH) {
        warnings.add(source + ": product '" + Warnings.quote(product.id()) + "' has alias '" + Warnings.quote(trimmed) + "', "
            + (trimmed.length() > MAX_ALIAS_LENGTH ? "longer than " + MAX_ALIAS_LENGTH + " characters" : "with a control character")
            + "; alias skipped");
        continue;
      }
      names.add(trimmed);
    }
    return List.copyOf(names);
  }

  /** C0 controls, DEL and C1 controls (U+0080 to U+009F, which some terminals take as escapes too). */
  static boolean hasControlCharacter(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
  }
}
