package org.imagecache.remote.simplestreams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.imagecache.failure.CatalogFormatException;
import org.imagecache.image.Architecture;

/**
 * Builds a {@link Catalog} from simplestreams documents already in memory. Pure: no I/O, no clock, no
 * host lookups; the host architecture is a parameter.
 *
 * <p>Failure behaviour: a document that cannot be read (malformed JSON, a member of the wrong JSON
 * type, a missing {@code index} or {@code products} object) fails the whole build with a
 * {@link CatalogFormatException} that names the document and the place in it; no other exception
 * comes out of the parsing. What is readable but unusable is skipped and listed in {@link
 * Catalog#warnings()}: index entries that are not objects or not {@code image-downloads}, paths that
 * would leave the remote's base URL, sizes outside 0..1 TiB, malformed hashes, unknown architectures,
 * serials that are not dates.
 */
public final class CatalogBuilder {
  /** The path of the index in every simplestreams remote, used in messages. */
  public static final String INDEX_PATH = "streams/v1/index.json";

  private CatalogBuilder() {}

  /**
   * Builds the catalog of a remote from its index and the products files it names.
   *
   * @param indexJson the bytes of {@code streams/v1/index.json}
   * @param productsByPath the bytes of a products file by its path in the index (relative to the
   *     remote's base URL); called once per distinct path of an {@code image-downloads} entry that
   *     announces products; its own exceptions propagate unchanged
   * @param hostKernelArch the host's kernel architecture ({@code x86_64}), which gets the plain aliases
   * @throws CatalogFormatException when the index or a products file cannot be read, or when
   *     productsByPath returns null for a path the index names
   * @throws org.imagecache.failure.InvalidInputException when hostKernelArch is not a known kernel name
   */
  public static Catalog build(byte[] indexJson, Function<String, byte[]> productsByPath,
      String hostKernelArch) {
    Architecture.check(hostKernelArch);
    StreamIndex index = StreamIndex.parse(indexJson, INDEX_PATH);
    Warnings warnings = new Warnings();
    warnings.addAll(index.warnings());
    ImageAssembler assembler = new ImageAssembler(warnings);
    List<ImageCandidate> candidates = new ArrayList<>();
    Set<String> seenPaths = new HashSet<>();
    for (IndexEntry entry : usableEntries(index, warnings)) {
      if (!seenPaths.add(entry.path())) {
        continue;
      }
      byte[] bytes = productsByPath.apply(entry.path());
      if (bytes == null) {
        throw new CatalogFormatException(INDEX_PATH + ": index[\"" + entry.contentId()
            + "\"] names products file '" + entry.path() + "', which was not supplied");
      }
      candidates.addAll(assembler.assemble(ProductsParser.parse(bytes, entry.path())));
    }
    return finish(candidates, hostKernelArch, warnings);
  }

  /**
   * Builds a catalog from one products file, for remotes (or tests) without an index.
   *
   * @param source the file's path, used in messages
   * @throws CatalogFormatException when the file cannot be read
   * @throws org.imagecache.failure.InvalidInputException when hostKernelArch is not a known kernel name
   */
  public static Catalog fromProducts(byte[] productsJson, String source, String hostKernelArch) {
    Architecture.check(hostKernelArch);
    Warnings warnings = new Warnings();
    ProductsDocument document = ProductsParser.parse(productsJson, source);
    ImageAssembler assembler = new ImageAssembler(warnings);
    List<ImageCandidate> candidates = assembler.assemble(document);
    return finish(candidates, hostKernelArch, warnings);
  }

  /** The image-downloads entries worth fetching: with products, and a path that stays under the base. */
  private static List<IndexEntry> usableEntries(StreamIndex index, Warnings warnings) {
    List<IndexEntry> usable = new ArrayList<>();
    for (IndexEntry entry : index.imageDownloads()) {
      Optional<String> problem = ItemPaths.problem(entry.path());
      if (problem.isPresent()) {
        warnings.add(INDEX_PATH + ": index[\"" + entry.contentId() + "\"].path " + problem.get()
            + "; entry skipped");
      } else if (entry.products().isEmpty()) {
        warnings.add(INDEX_PATH + ": index[\"" + entry.contentId() + "\"] announces no products;"
            + " entry skipped");
      } else {
        usable.add(entry);
      }
    }
    return usable;
  }

  /**
   * Gives out aliases, keeps one image per fingerprint (the first in listing order), and freezes. A
   * fingerprint that products list for two architectures or types (the same bytes cannot be both) keeps
   * only its first listing, with a warning; an alias of the others then resolves to nothing rather
   * than to an image of the wrong architecture.
   */
  private static Catalog finish(List<ImageCandidate> candidates, String host, Warnings warnings) {
    AliasTable aliases = AliasTable.build(candidates, host, warnings);
    List<ImageCandidate> ordered = new ArrayList<>(candidates);
    ordered.sort(ImageCandidate.LISTING_ORDER);
    List<CatalogImage> images = new ArrayList<>(ordered.size());
    Map<String, CatalogImage> byFingerprint = new HashMap<>(capacityFor(ordered.size()));
    Map<String, Integer> position = new HashMap<>(capacityFor(ordered.size()));
    for (ImageCandidate candidate : ordered) {
      String fingerprint = candidate.fingerprint();
      CatalogImage kept = byFingerprint.get(fingerprint);
      if (kept == null) {
        CatalogImage image = candidate.image().withAliases(
            aliases.namesOf(fingerprint, candidate.image().architecture(), candidate.image().type()));
        byFingerprint.put(fingerprint, image);
        position.put(fingerprint, images.size());
        images.add(image);
      } else if (kept.architecture().equals(candidate.image().architecture()) && kept.type() == candidate.image().type()) {
        // the same bytes under other items of the same version (an identical incus.tar.xz): a twin the mirror lists too
        CatalogImage twinned = kept.withTwin(candidate.image()).orElse(kept);
        byFingerprint.put(fingerprint, twinned);
        images.set(java.util.Objects.requireNonNull(position.get(fingerprint), "a kept image's place"), twinned);
      } else {
        warnings.add("fingerprint " + fingerprint + " is listed for " + kept.architecture() + " " + kept.type().wireName()
            + " and, by product '" + Warnings.quote(candidate.productId()) + "', for " + candidate.image().architecture() + " "
            + candidate.image().type().wireName() + ": only the first is kept");
      }
    }
    return new Catalog(images, byFingerprint, aliases, warnings.list());
  }

  /** A hash map capacity that holds this many entries without growing. */
  private static int capacityFor(int entries) {
    return entries * 4 / 3 + 1;
  }
}
