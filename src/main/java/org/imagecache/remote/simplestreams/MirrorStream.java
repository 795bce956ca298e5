package org.imagecache.remote.simplestreams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.image.RemoteFile;

/**
 * A catalog written back as a simplestreams endpoint: {@code streams/v1/index.json}, one products file
 * and the table of the files it lists. Each listed image goes back into its product and version with
 * the items its files came from, so a client that reads this products file builds the same images,
 * aliases and properties as from the remote's; each item's path becomes content-addressed
 * ({@link #FILES}{@code <sha256>/<basename>}, the basename kept: LXD records it as the image's file
 * name). Items that make no image of the catalog (manifests, deltas, other clouds' disks) are left out.
 * The documents are canonical (keys sorted, no whitespace), so the same images give the same bytes and
 * the same ETag. Immutable; built once per catalog and listing.
 */
public final class MirrorStream {
  /** Where the files are, relative to the endpoint's base. */
  public static final String FILES = "files/";
  public static final String INDEX_PATH = "streams/v1/index.json";

  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** One file a listed image needs, with the image it belongs to (a file can belong to several). */
  public record File(Fingerprint fingerprint, String architecture, ImageType type, RemoteFile.Role role, String sha256, long size, String basename) {}

  /** A document with its strong ETag (the quoted SHA-256 of its bytes). */
  public record Document(byte[] bytes, String etag) {
    static Document of(Map<String, Object> tree) {
      try {
        byte[] bytes = CANONICAL.writeValueAsBytes(tree);
        return new Document(bytes, '"' + sha256(bytes) + '"');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a tree of maps, lists and strings always serialises", e);
      }
    }
  }

  private final String contentId;
  private final String productsPath;
  private final Document index;
  private final Document products;
  private final Map<String, List<File>> filesBySha;
  private final Set<Fingerprint> listed;
  private final int imageCount;

  private MirrorStream(String contentId, String productsPath, Document index, Document products, Map<String, List<File>> filesBySha,
      Set<Fingerprint> listed, int imageCount) {
    this.contentId = contentId;
    this.productsPath = productsPath;
    this.index = index;
    this.products = products;
    this.filesBySha = filesBySha;
    this.listed = Set.copyOf(listed);
    this.imageCount = imageCount;
  }

  /**
   * The endpoint of the catalog's images that {@code listed} accepts.
   *
   * @param contentId the products file's content id and name ({@code imagecache:<remote>}): unique to the
   *     endpoint, since LXD caches products files by their last path component
   */
  public static MirrorStream of(Catalog catalog, String contentId, Predicate<CatalogImage> listed) {
    Map<String, Map<String, Object>> products = new TreeMap<>();
    Map<String, List<File>> files = new HashMap<>();
    Set<Fingerprint> fingerprints = new HashSet<>();
    int count = 0;
    for (CatalogImage image : catalog.images()) {
      if (!listed.test(image)) {
        continue;
      }
      count++;
      fingerprints.add(image.fingerprint());
      addItems(products, image.origin(), image.files());
      for (RemoteFile file : image.files()) {
        addFile(files, image, file, file.basename());
      }
      for (ImageOrigin twin : image.twins()) {
        addItems(products, twin, image.files());
        for (int i = 0; i < image.files().size(); i++) {
          addFile(files, image, image.files().get(i), basename(twin.items().get(i), image.files().get(i)));
        }
      }
    }
    String productsPath = "streams/v1/" + contentId + ".json";
    Map<String, Object> productsDoc = new LinkedHashMap<>();
    productsDoc.put("content_id", contentId);
    productsDoc.put("datatype", IndexEntry.IMAGE_DOWNLOADS);
    productsDoc.put("format", "products:1.0");
    productsDoc.put("products", products);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("datatype", IndexEntry.IMAGE_DOWNLOADS);
    entry.put("format", "products:1.0");
    entry.put("path", productsPath);
    entry.put("products", List.copyOf(products.keySet()));
    Map<String, Object> indexDoc = new LinkedHashMap<>();
    indexDoc.put("format", "index:1.0");
    indexDoc.put("index", Map.of(contentId, entry));
    return new MirrorStream(contentId, productsPath, Document.of(indexDoc), Document.of(productsDoc), files, fingerprints, count);
  }

  private static void addFile(Map<String, List<File>> files, CatalogImage image, RemoteFile file, String basename) {
    List<File> same = files.computeIfAbsent(file.sha256(), k -> new ArrayList<>(2));
    File entry = new File(image.fingerprint(), image.architecture(), image.type(), file.role(), file.sha256(), file.size(), basename);
    if (!same.contains(entry)) {
      same.add(entry);
    }
  }

  /** The basename a twin's item gives its file (the last step of its path), else the image file's. */
  private static String basename(ItemEntry item, RemoteFile file) {
    String path = item.path();
    return path == null || path.endsWith("/") ? file.basename() : path.substring(path.lastIndexOf('/') + 1);
  }

  /** Writes the items an image was read from (its origin, or a twin's) under their product and version. */
  private static void addItems(Map<String, Map<String, Object>> products, ImageOrigin origin, List<RemoteFile> imageFiles) {
    ProductEntry product = origin.product();
    Map<String, Object> versions = children(products.computeIfAbsent(product.id(), id -> productMembers(product)), "versions");
    VersionEntry version = origin.version();
    Map<String, Object> items = children(versions.computeIfAbsent(version.serial(), s -> versionMembers(version)), "items");
    for (int i = 0; i < imageFiles.size(); i++) {
      ItemEntry item = origin.items().get(i);
      RemoteFile file = imageFiles.get(i);
      items.computeIfAbsent(item.key(), k -> itemMembers(item, file.sha256(), file.size(), basename(item, file)));
    }
  }

  /** The member of a document being built that holds its children (a map this class put there). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> children(Object document, String member) {
    return (Map<String, Object>) Objects.requireNonNull(((Map<String, Object>) document).get(member), member);
  }

  private static Map<String, Object> productMembers(ProductEntry product) {
    Map<String, Object> doc = new TreeMap<>(product.strings());
    if (!product.requirements().isEmpty()) {
      doc.put(product.requirementsMember(), new TreeMap<>(product.requirements()));
    }
    doc.put("versions", new TreeMap<String, Object>());
    return doc;
  }

  private static Object versionMembers(VersionEntry version) {
    Map<String, Object> doc = new TreeMap<>();
    if (version.label() != null) {
      doc.put("label", version.label());
    }
    doc.put("items", new TreeMap<String, Object>());
    return doc;
  }

  private static Map<String, Object> itemMembers(ItemEntry item, String sha256, long size, String basename) {
    Map<String, Object> doc = new TreeMap<>(item.combinedHashes());
    if (item.ftype() != null) {
      doc.put("ftype", item.ftype());
    }
    doc.put("path", filePath(sha256, basename));
    doc.put("sha256", sha256);
    doc.put("size", size);
    return doc;
  }

  /** A file's path on the endpoint: {@code files/<sha256>/<basename>}, the basename percent-encoded where a path segment needs it. */
  public static String filePath(String sha256, String basename) {
    return FILES + sha256 + "/" + PathSegments.encode(basename);
  }

  public String contentId() {
    return contentId;
  }

  public Document index() {
    return index;
  }

  public Document products() {
    return products;
  }

  /** The products file's path relative to the endpoint's base ({@code streams/v1/imagecache:NAME.json}). */
  public String productsPath() {
    return productsPath;
  }

  public int imageCount() {
    return imageCount;
  }

  /** The images the products file lists. */
  public Set<Fingerprint> fingerprints() {
    return listed;
  }

  /**
   * The listed images that need the file with this SHA-256 and basename, in listing order (the
   * preferred first); empty when the endpoint lists no such file.
   */
  public List<File> file(String sha256, String basename) {
    List<File> files = filesBySha.get(sha256);
    if (files == null) {
      return List.of();
    }
    return files.stream().filter(f -> f.basename().equals(basename)).toList();
  }

  /** The first listed file with this SHA-256, whatever its name. */
  public Optional<File> anyFile(String sha256) {
    List<File> files = filesBySha.get(sha256);
    return files == null ? Optional.empty() : Optional.of(files.get(0));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Percent-encoding of a path segment (RFC 3986 pchar), UTF-8. */
  static final class PathSegments {
    private PathSegments() {}

    static String encode(String segment) {
      StringBuilder sb = new StringBuilder(segment.length());
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xff;
        if (isUnreserved(c) || c == ':' || c == '@' || c == '+' || c == ',' || c == '=') {
          sb.append((char) c);
        } else {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
        }
      }
      return sb.toString();
    }

    private static boolean isUnreserved(int c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
  }
}
