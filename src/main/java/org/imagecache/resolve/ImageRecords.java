package org.imagecache.resolve;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.failure.NotFoundException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageDetails;
import org.imagecache.image.Lease;
import org.imagecache.image.LocalImage;
import org.imagecache.store.Database;
import org.imagecache.store.ImageDetailsQuery;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.PropertyRepository;
import org.imagecache.store.SourceRepository;
import org.jspecify.annotations.Nullable;

/** The local images API's operations: list, get, edit and delete records of a project. */
public final class ImageRecords {
  private final Database db;
  private final LocalImages local;
  private final LeaseBook leases;
  private final UsageRecorder usage;
  private final ImageDeleter deleter;
  private final ImageDetailsQuery query = new ImageDetailsQuery();
  private final ImageRepository images = new ImageRepository();
  private final PropertyRepository properties = new PropertyRepository();
  private final SourceRepository sources = new SourceRepository();

  public ImageRecords(Database db, LocalImages local, LeaseBook leases, UsageRecorder usage, ImageDeleter deleter) {
    this.db = db;
    this.local = local;
    this.leases = leases;
    this.usage = usage;
    this.deleter = deleter;
  }

  /** What may change with PATCH; null leaves a field as it is. */
  public record Patch(@Nullable Boolean autoUpdate, @Nullable Boolean pinned, @Nullable Map<String, String> properties) {}

  /** Every image of a project (null: all projects), with in-memory launch leases and last uses merged in. */
  public Future<List<ImageDetails>> list(@Nullable String project) {
    UsageRecorder.Noted noted = usage.noted();
    return db.read(session -> query.list(session, project)).map(all -> {
      Map<Long, Lease> launch = launchLeasesByImage();
      return all.stream().map(d -> current(d, launch, noted)).toList();
    });
  }

  /** @throws NotFoundException or AmbiguousReferenceException (in the future) */
  public Future<ImageDetails> get(String project, String prefix) {
    UsageRecorder.Noted noted = usage.noted();
    return find(project, prefix).compose(i -> db.read(session -> query.get(session, i.id()).orElseThrow(() -> notFound(project, prefix))))
        .map(d -> current(d, launchLeasesByImage(), noted));
  }

  public Future<ImageDetails> patch(String project, String prefix, Patch patch) {
    return find(project, prefix).compose(i -> db.write(session -> {
      if (patch.autoUpdate() != null) {
        images.setAutoUpdate(session, i.id(), patch.autoUpdate());
      }
      if (patch.pinned() != null) {
        images.setPinned(session, i.id(), patch.pinned());
      }
      if (patch.properties() != null) {
        properties.replaceAll(session, i.id(), patch.properties());
      }
      return sources.find(session, i.id());
    }).map(source -> {
      local.forgetImageAndSource(i, source);
      return i;
    })).compose(i -> get(project, i.fingerprint().hex()));
  }

  /** Deletes the record (refused while leased); the files go when no project refers to them. Returns bytes freed. */
  public Future<Long> delete(String project, String prefix) {
    return find(project, prefix).compose(i -> deleter.delete(i, "user", Decider.OPERATOR));
  }

  /** The project's image with this fingerprint prefix. @throws NotFoundException or AmbiguousReferenceException (in the future) */
  public Future<LocalImage> find(String project, String prefix) {
    Fingerprint.checkPrefix(prefix);
    return db.read(session -> images.findByPrefix(session, project, prefix)).map(found -> {
      if (found.size() > 1) {
        throw new AmbiguousReferenceException("ambiguous_fingerprint", "Fingerprint prefix " + prefix + " matches more than one image of project "
            + project, found.stream().map(x -> x.fingerprint().hex()).toList());
      }
      return found.stream().findFirst().orElseThrow(() -> notFound(project, prefix));
    });
  }

  private Map<Long, Lease> launchLeasesByImage() {
    Map<Long, Lease> byImage = new java.util.HashMap<>();
    leases.launchLeases().forEach(l -> byImage.put(l.imageId(), l));
    return byImage;
  }

  private ImageDetails current(ImageDetails d, Map<Long, Lease> launch, UsageRecorder.Noted noted) {
    LocalImage i = d.image();
    LocalImage img = noted.merged(i);
    List<Lease> all = new ArrayList<>(d.leases().stream().filter(l -> l.kind() != Lease.Kind.LAUNCH).toList());
    if (launch.containsKey(i.id())) {
      all.add(launch.get(i.id()));
    }
    if (all.stream().noneMatch(l -> l.kind() == Lease.Kind.LAUNCH)) {
      d.leases().stream().filter(l -> l.kind() == Lease.Kind.LAUNCH).forEach(all::add);
    }
    return new ImageDetails(img, d.aliases(), d.properties(), d.source(), all, d.files(), d.locations());
  }

  private static NotFoundException notFound(String project, String prefix) {
    return new NotFoundException("image_not_found", "No image " + prefix + " in project " + project);
  }
}
