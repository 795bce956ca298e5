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
        aliasNames(product.get("aliases")), expiresAt));
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

  /** The product's comma-separated aliases, trimmed, without empty or repeated names. */
  static List<String> aliasNames(String aliases) {
    if (aliases == null || aliases.isBlank()) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : aliases.split(",")) {
      String trimmed = name.trim();
      if (!trimmed.isEmpty()) {
        names.add(trimmed);
      }
    }
    return List.copyOf(names);
  }
}
