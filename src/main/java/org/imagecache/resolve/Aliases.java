package org.imagecache.resolve;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.imagecache.failure.ConflictException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.ImageAlias;
import org.imagecache.image.LocalImage;
import org.imagecache.store.AliasRepository;
import org.imagecache.store.Database;
import org.jspecify.annotations.Nullable;

/** Local aliases of a project: names that point at one of its images. */
public final class Aliases {
  private final Database db;
  private final ImageRecords records;
  private final AliasRepository repo = new AliasRepository();

  /** The hot-path caches hold no local alias: an alias edit has nothing there to forget. */
  public Aliases(Database db, ImageRecords records) {
    this.db = db;
    this.records = records;
  }

  /** An alias with the fingerprint it points at. */
  public record Target(ImageAlias alias, String fingerprint) {}

  public Future<List<Target>> list(@Nullable String project) {
    return records.list(project).map(images -> images.stream()
        .flatMap(d -> d.aliases().stream().map(a -> new Target(a, d.image().fingerprint().hex())))
        .sorted(java.util.Comparator.comparing(t -> t.alias().name()))
        .toList());
  }

  public Future<Target> get(String project, String name) {
    return db.read(session -> repo.find(session, project, name)).compose(a -> {
      ImageAlias alias = a.orElseThrow(() -> notFound(project, name));
      return db.read(session -> new org.imagecache.store.ImageRepository().findById(session, alias.imageId()))
          .map(img -> new Target(alias, img.map(i -> i.fingerprint().hex()).orElse("")));
    });
  }

  /** @throws ConflictException (reason {@code alias_exists}) when the project has the name already */
  public Future<Target> create(String project, String name, String description, String targetPrefix) {
    return records.find(project, targetPrefix).compose(image -> db.write(session -> {
      ImageAlias alias = new ImageAlias(project, name, description, image.id());
      if (!repo.createIfAbsent(session, alias)) {
        throw new ConflictException("alias_exists", "Alias " + name + " already exists in project " + project);
      }
      return new Target(alias, image.fingerprint().hex());
    }));
  }

  /** The alias names of each of these images (sorted; none: an empty list), read in one query. */
  public Future<Map<Long, List<String>>> namesOf(Collection<LocalImage> images) {
    List<Long> ids = images.stream().map(LocalImage::id).distinct().toList();
    return ids.isEmpty() ? Future.succeededFuture(Map.of()) : db.read(session -> repo.namesByImage(session, ids));
  }

  /** Points the alias at another image and/or changes its description (null: unchanged). */
  public Future<Target> update(String project, String name, @Nullable String targetPrefix, @Nullable String description) {
    Future<LocalImage> target = targetPrefix == null ? Future.succeededFuture(null) : records.find(project, targetPrefix);
    return target.compose(image -> db.write(session -> {
      ImageAlias current = repo.find(session, project, name).orElseThrow(() -> notFound(project, name));
      repo.update(session, project, name, image == null ? current.imageId() : image.id(), description == null ? current.description() : description);
      return current;
    })).compose(x -> get(project, name));
  }

  public Future<Target> rename(String project, String name, String newName) {
    return db.write(session -> {
      if (repo.find(session, project, name).isEmpty()) {
        throw notFound(project, name);
      }
      if (repo.find(session, project, newName).isPresent()) {
        throw new ConflictException("alias_exists", "Alias " + newName + " already exists in project " + project);
      }
      return repo.rename(session, project, name, newName);
    }).compose(x -> get(project, newName));
  }

  public Future<Void> delete(String project, String name) {
    return db.write(session -> repo.delete(session, project, name)).map(deleted -> {
      if (!deleted) {
        throw notFound(project, name);
      }
      return (Void) null;
    });
  }

  private static NotFoundException notFound(String project, String name) {
    return new NotFoundException("alias_not_found", "No alias " + name + " in project " + project);
  }
}
