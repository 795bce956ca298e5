package org.imagecache.resolve;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.imagecache.failure.AmbiguousReferenceException;
import org.imagecache.failure.ServiceUnavailableException;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageFile;
import org.imagecache.image.ImageSource;
import org.imagecache.image.ImageType;
import org.imagecache.image.LocalImage;
import org.imagecache.store.AliasRepository;
import org.imagecache.store.Database;
import org.imagecache.store.ImageFileRepository;
import org.imagecache.store.ImageRepository;
import org.imagecache.store.PropertyRepository;
import org.imagecache.store.SourceRepository;

/**
 * The image records the lookup reads, with the hot questions (prefer-cached by source, by fingerprint)
 * answered from memory: Caffeine caches in front of the database. After a change commits, the entries
 * it can have made wrong go, and only those: an image's own ({@link #forget}: its fingerprint entry and
 * every prefer-cached answer naming it) and its source's ({@link #forgetSource}: the prefer-cached
 * answers it may now win or lose). Local aliases are not cached here, so their edits forget nothing.
 * Writes go through the database's single writer. On a database other members share, their changes
 * forget nothing here: an entry older than {@link #SHARED_REFRESH} is read again at its next use (which
 * does not wait for that read; the old answer is kept while the database cannot be reached), so another member's
 * change is seen within that time and one use. While a shared database cannot be reached, the
 * lookup's questions are answered from what this member downloaded meanwhile ({@link UnrecordedImages}),
 * else with nothing: the lookup then goes to the catalog and to the files, which are verified before
 * they are taken, and the record of what it brings is written once the database is back.
 */
public final class LocalImages {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalImages.class);
  private static final int MAX_ENTRIES = 100_000;
  /** How old an entry may be, on a shared database, before its next use reads it again. */
  public static final java.time.Duration SHARED_REFRESH = java.time.Duration.ofSeconds(2);

  /** What prefer-cached looks up: the project, the source (server, protocol, alias), architecture and type. */
  public record PreferKey(String project, String server, String protocol, String alias, String architecture, ImageType type) {}

  private record ProjectFingerprint(String project, Fingerprint fingerprint) {}

  private final Database db;
  private final ImageRepository images = new ImageRepository();
  private final SourceRepository sources = new SourceRepository();
  private final PropertyRepository properties = new PropertyRepository();
  private final AliasRepository aliases = new AliasRepository();
  private final ImageFileRepository imageFiles = new ImageFileRepository();
  private final org.imagecache.store.LeaseRepository leaseRepo = new org.imagecache.store.LeaseRepository();
  private final org.imagecache.store.EventRepository events = new org.imagecache.store.EventRepository();
  private final org.imagecache.store.SupersededRepository superseded = new org.imagecache.store.SupersededRepository();
  private final org.imagecache.store.ListingRepository listings = new org.imagecache.store.ListingRepository();
  private final org.imagecache.store.ReplicaRepository replicas = new org.imagecache.store.ReplicaRepository();
  private final UnrecordedImages unrecorded = new UnrecordedImages();
  private final String member;
  private final java.time.Clock clock;
  private final AsyncLoadingCache<PreferKey, Optional<LocalImage>> preferred;
  private final AsyncLoadingCache<ProjectFingerprint, Optional<LocalImage>> byFingerprint;

  /**
   * The records in {@code db}, for the member named {@code member}: what it records of files is that
   * it holds them ({@code image_replicas}), verified at the {@code clock}'s time.
   */
  public LocalImages(Database db, String member, java.time.Clock clock) {
    this.db = db;
    this.member = member;
    this.clock = clock;
    this.preferred = cacheBuilder(db, clock)
        .buildAsync((k, e) -> db.read(session -> sources.findPreferred(session, k.project(),
            new ImageSource(k.server(), k.protocol(), "", k.alias()), k.architecture(), k.type())).toCompletionStage().toCompletableFuture());
    this.byFingerprint = cacheBuilder(db, clock)
        .buildAsync((k, e) -> db.read(session -> images.findByFingerprint(session, k.project(), k.fingerprint())).toCompletionStage().toCompletableFuture());
  }

  /** The caches' settings: refreshed after {@link #SHARED_REFRESH} (by the clock's time) when other members write the database too. */
  private static Caffeine<Object, Object> cacheBuilder(Database db, java.time.Clock clock) {
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).executor(Runnable::run);
    return db.shared() ? b.refreshAfterWrite(SHARED_REFRESH).ticker(() -> java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(clock.millis())) : b;
  }

  /** Prefer-cached: the newest cached image with auto-update on whose source is this. */
  public Future<Optional<LocalImage>> findPreferred(PreferKey key) {
    return unrecordedOr(u -> u.findPreferred(key), () -> SingleFlight.onCaller(preferred.get(key)));
  }

  public Future<Optional<LocalImage>> find(String project, Fingerprint fp) {
    return unrecordedOr(u -> u.find(project, fp), () -> SingleFlight.onCaller(byFingerprint.get(new ProjectFingerprint(project, fp))));
  }

  /**
   * What this member took in while the database was out of reach answers first (nothing to look at in
   * the usual case); else the database's answer, or nothing when it cannot be reached.
   */
  private Future<Optional<LocalImage>> unrecordedOr(java.util.function.Function<UnrecordedImages, Optional<LocalImage>> waiting,
      java.util.function.Supplier<Future<Optional<LocalImage>>> recorded) {
    Optional<LocalImage> kept = unrecorded.isEmpty() ? Optional.empty() : waiting.apply(unrecorded);
    return kept.isPresent() ? Future.succeededFuture(kept) : orNothing(recorded.get());
  }

  /** The answer, or nothing when the database cannot be reached (the caller then verifies what it takes). */
  static Future<Optional<LocalImage>> orNothing(Future<Optional<LocalImage>> answer) {
    return answer.recover(e -> ServiceUnavailableException.isDatabaseUnavailable(e) ? Future.succeededFuture(Optional.empty())
        : Future.failedFuture(e));
  }

  /** Whether a record of any project refers to the fingerprint's files. */
  public Future<Boolean> isReferenced(Fingerprint fp) {
    return db.read(session -> images.isReferenced(session, fp));
  }

  /** A record of this fingerprint in any project (its files are here). */
  public Future<Optional<LocalImage>> findInAnyProject(Fingerprint fp) {
    return unrecordedOr(u -> u.findInAnyProject(fp), () -> db.read(session -> images.findAnyByFingerprint(session, fp)));
  }

  /**
   * A local image of the project by local alias, else by fingerprint prefix.
   *
   * @throws AmbiguousReferenceException (in the future) when a prefix matches two images
   */
  public Future<Optional<LocalImage>> findLocal(String project, String aliasOrPrefix) {
    return db.read(session -> {
      var alias = aliases.find(session, project, aliasOrPrefix);
      if (alias.isPresent()) {
        return images.findById(session, alias.get().imageId());
      }
      if (!aliasOrPrefix.matches("[0-9a-f]{12,64}")) {
        return Optional.empty();
      }
      List<LocalImage> matches = images.findByPrefix(session, project, aliasOrPrefix);
      if (matches.size() > 1) {
        throw new AmbiguousReferenceException("ambiguous_fingerprint", "Fingerprint prefix " + aliasOrPrefix
            + " matches more than one image of project " + project, matches.stream().map(i -> i.fingerprint().hex()).toList());
      }
      return matches.stream().findFirst();
    });
  }

  /**
   * Adds the record (with its source and properties), or returns the project's existing record of that
   * fingerprint; in one transaction, the table's unique key deciding which of two racing lookups adds it
   * (the other gets the record it added), on any database. Records that this member holds the files
   * either way. When a shared database cannot be reached, the image is kept as {@link UnrecordedImages
   * unrecorded} (answered with its provisional id) and its record written later by {@link #record}.
   */
  public Future<LocalImage> register(NewImage n) {
    return registerNow(n).recover(e -> {
      if (!ServiceUnavailableException.isDatabaseUnavailable(e)) {
        return Future.failedFuture(e);
      }
      LOG.warn("image {} of project {}: its record waits for the database ({})", n.image().fingerprint().shortForm(), n.image().project(),
          e.getMessage());
      return Future.succeededFuture(unrecorded.add(n));
    });
  }

  /** The images whose records wait for the database, oldest first. */
  public java.util.List<UnrecordedImages.Unrecorded> unrecorded() {
    return unrecorded.all();
  }

  /** Writes the record of an image kept while the database was out of reach; from then on it is answered from the database. */
  public Future<LocalImage> record(UnrecordedImages.Unrecorded u) {
    return registerNow(u.image()).onSuccess(stored -> unrecorded.remove(u));
  }

  /** An unrecorded image whose files went before its record could be written: nothing is to be recorded. */
  public void dropUnrecorded(UnrecordedImages.Unrecorded u) {
    unrecorded.remove(u);
  }

  private Future<LocalImage> registerNow(NewImage n) {
    return db.write(session -> {
      Optional<LocalImage> inserted = images.insertIfAbsent(session, n.image());
      // the files are here either way: on a shared database another member may have added the record
      replicas.put(session, n.image().fingerprint(), member, clock.instant());
      if (inserted.isEmpty()) {
        return images.findByFingerprint(session, n.image().project(), n.image().fingerprint()).orElseThrow();
      }
      LocalImage stored = inserted.get();
      n.source().ifPresent(s -> sources.put(session, stored.id(), s));
      properties.replaceAll(session, stored.id(), n.properties());
      imageFiles.putAll(session, stored.fingerprint(), n.files());
      return stored;
    }).onSuccess(stored -> {
      forget(stored.project(), stored.fingerprint());
      n.source().ifPresent(s -> forgetSource(stored.project(), s));
      warm(stored, n.source());
    });
  }

  /**
   * Reads again, in the background, what the next launch of a just-registered image asks: it is then
   * answered from memory, even while a shared database cannot be reached.
   */
  private void warm(LocalImage stored, Optional<ImageSource> source) {
    var unused = byFingerprint.get(new ProjectFingerprint(stored.project(), stored.fingerprint()));
    source.ifPresent(s -> {
      var alsoUnused = preferred.get(new PreferKey(stored.project(), s.server(), s.protocol(), s.alias(), stored.architecture(), stored.type()));
    });
  }

  /**
   * Replaces an image by a new revision, in one transaction: the new record (unless the project has
   * one) carries the old one's cached flag and last use (a refresh must not make an image live longer);
   * the local aliases and the source move to it; the old one loses auto-update and is marked
   * superseded; the audit log gets {@code image-refreshed}.
   */
  public Future<LocalImage> swapRevision(LocalImage old, NewImage next, String sourceKey, java.time.Instant now) {
    List<ImageSource> moved = new java.util.concurrent.CopyOnWriteArrayList<>();
    return db.write(session -> {
      Optional<LocalImage> existing = images.findByFingerprint(session, old.project(), next.image().fingerprint());
      if (existing.isPresent() && sources.find(session, old.id()).isEmpty()) {
        // a concurrent refresh of the same image swapped it already: moving the (gone) source again would
        // delete the new revision's source
        return existing.get();
      }
      LocalImage replaced = images.findById(session, old.id()).orElseThrow(() ->
          // deleted meanwhile (a prune, a user): nothing to replace, and nothing of the new revision is written
          new org.imagecache.failure.NotFoundException("image_not_found", "Image " + old.fingerprint().shortForm()
              + " of project " + old.project() + " was deleted while it was being refreshed"));
      // the last use as committed now, not as read before the download: a use written behind meanwhile
      // is in the row and no longer in memory
      LocalImage carried = next.image().withLastUsedAt(UsageRecorder.latest(next.image().lastUsedAt(), replaced.lastUsedAt()));
      // a kept older revision becomes current again (the upstream rolled its alias back): it is no longer
      // superseded and takes the replaced revision's state, as a new record would; a pin stays as it was
      existing.ifPresent(kept -> {
        superseded.unmark(session, kept.id());
        images.takeState(session, kept.id(), carried);
      });
      LocalImage stored = existing.flatMap(kept -> images.findById(session, kept.id())).orElseGet(() -> {
        LocalImage inserted = images.insert(session, carried);
        properties.replaceAll(session, inserted.id(), next.properties());
        imageFiles.putAll(session, inserted.fingerprint(), next.files());
        return inserted;
      });
      replicas.put(session, stored.fingerprint(), member, now);
      aliases.moveAll(session, old.id(), stored.id());
      sources.find(session, old.id()).ifPresent(moved::add);
      sources.move(session, old.id(), stored.id());
      images.setAutoUpdate(session, old.id(), false);
      images.setNextUpdate(session, old.id(), null);
      superseded.mark(session, old.id(), sourceKey, stored.fingerprint().hex(), now);
      events.append(session, org.imagecache.image.CacheEvent.of(now, "image-refreshed", stored.fingerprint().hex(), old.project())
          .withBytes(stored.size()).withDetail("replaces " + old.fingerprint().hex()));
      return stored;
    }).onComplete(x -> {
      // also after a failure: the old record may be gone (deleted meanwhile)
      forget(old.project(), old.fingerprint());
      forget(old.project(), next.image().fingerprint());
      moved.forEach(s -> forgetSource(old.project(), s));
      next.source().ifPresent(s -> forgetSource(old.project(), s));
    });
  }

  /**
   * Makes a record a user's image (not cached: it never expires, with this auto_update) and gives it
   * these local aliases, in one transaction: when one name is taken, nothing changes.
   *
   * @throws org.imagecache.failure.ConflictException (reason {@code alias_exists}) naming the taken alias
   */
  public Future<LocalImage> markExplicit(LocalImage image, boolean autoUpdate, List<org.imagecache.image.ImageAlias> newAliases) {
    return db.write(session -> {
      for (org.imagecache.image.ImageAlias a : newAliases) {
        if (!aliases.createIfAbsent(session, a)) {
          throw aliasExists(image.project(), a.name()); // rolls back the aliases created before it
        }
      }
      images.setCached(session, image.id(), false);
      images.setAutoUpdate(session, image.id(), autoUpdate);
      return sources.find(session, image.id());
    }).map(source -> {
      forgetImageAndSource(image, source);
      return image;
    });
  }

  /**
   * Forgets an image whose record's flags changed (cached, auto-update): its own entries and its
   * source's, given as read in the transaction that made the change.
   */
  public void forgetImageAndSource(LocalImage image, Optional<ImageSource> source) {
    forget(image.project(), image.fingerprint());
    source.ifPresent(s -> forgetSource(image.project(), s));
  }

  static org.imagecache.failure.ConflictException aliasExists(String project, String name) {
    return new org.imagecache.failure.ConflictException("alias_exists", "Alias " + name + " already exists in project " + project);
  }

  /** The first of these alias names the project already has, if any (for a check before any change). */
  public Future<Optional<String>> findTakenAlias(String project, List<String> names) {
    return db.read(session -> names.stream().filter(n -> aliases.find(session, project, n).isPresent()).findFirst());
  }


  /** The member whose files this view records (its {@code cluster.member_name}). */
  public String member() {
    return member;
  }

  /** What a deletion did to the record and to this member's files. */
  public enum Deletion {
    /** The record went; another record (of any project) still refers to the files, which stay. */
    RECORD,
    /** The record went, and with it the last reference to the files: they go. */
    RECORD_AND_FILES,
    /**
     * The cache's own deletion, on a shared database where other members hold the files: the record
     * stays for them; only this member's copy goes (its replica row now, its files next).
     */
    THIS_MEMBERS_COPY
  }

  /**
   * Deletes one record in one transaction, refused (ConflictException {@code image_in_use}) while a
   * lease in the database holds it; writes the audit event. A deletion the cache decided (prune,
   * expiry) on a database other members share, while another member holds the files, deletes only this
   * member's copy: a prune never takes a record from under another member's files.
   */
  public Future<Deletion> deleteRecord(LocalImage image, String reason, java.time.Instant now, Decider decider) {
    return db.write(session -> {
      if (decider == Decider.CACHE) {
        refuseIfRecentlyListed(session, image, now);
      }
      if (leaseRepo.isLeased(session, image.id(), now)) {
        List<String> holders = leaseRepo.listForImage(session, image.id()).stream().filter(l -> l.activeAt(now))
            .map(l -> l.id() + " (" + l.kind().wireName() + " " + l.holder() + ")").toList();
        throw new org.imagecache.failure.ConflictException("image_in_use", "Image " + image.fingerprint().shortForm()
            + " of project " + image.project() + " is leased by " + String.join(", ", holders)
            + "; release a lease that nothing needs with: imagecache leases delete ID");
      }
      leaseRepo.deleteExpired(session, now);
      List<String> others = otherHolders(session, image.fingerprint());
      if (decider == Decider.CACHE && !others.isEmpty()) {
        copyGone(session, image.fingerprint(), org.imagecache.image.CacheEvent.of(now, "image-deleted", image.fingerprint().hex(), image.project())
            .withReason(reason).withBytes(image.size()), "the record stays for " + String.join(", ", others));
        return Deletion.THIS_MEMBERS_COPY;
      }
      images.delete(session, image.id());
      boolean referenced = images.isReferenced(session, image.fingerprint());
      imageFiles.deleteIfUnreferenced(session, image.fingerprint());
      if (!referenced) {
        replicas.delete(session, image.fingerprint(), member); // the files go with the last record
      }
      events.append(session, org.imagecache.image.CacheEvent.of(now, "image-deleted", image.fingerprint().hex(), image.project())
          .withReason(reason).withBytes(referenced ? 0L : image.size()));
      return referenced ? Deletion.RECORD : Deletion.RECORD_AND_FILES;
    }).onSuccess(x -> forget(image.project(), image.fingerprint()));
  }

  /** The members other than this one that hold the fingerprint's files (none on a single host). */
  private List<String> otherHolders(org.imagecache.store.Session session, Fingerprint fp) {
    return replicas.holders(session, List.of(fp)).getOrDefault(fp, List.of()).stream().filter(m -> !m.equals(member)).toList();
  }

  private void refuseIfRecentlyListed(org.imagecache.store.Session session, LocalImage image, java.time.Instant now) {
    java.util.Optional<java.time.Instant> listed = listings.listedAfter(session, image.fingerprint(), ListingBook.protectsAfter(now));
    if (listed.isPresent()) {
      throw new org.imagecache.failure.ConflictException("recently_listed", "Image " + image.fingerprint().shortForm()
          + " was listed by the mirror at " + listed.get() + "; a client may still ask for it until "
          + listed.get().plus(ListingBook.PROTECTION));
    }
  }

  /**
   * Records the files of a fingerprint whose record exists already (its files downloaded again after
   * damage, or an image cached before the files were recorded); rows it has stay as they are.
   */
  public Future<Void> recordFiles(Fingerprint fingerprint, List<ImageFile> files) {
    return db.write(session -> {
      imageFiles.putAll(session, fingerprint, files);
      replicas.put(session, fingerprint, member, clock.instant());
      return null;
    });
  }

  /** Records that this member's files of the fingerprint were removed (damaged), with the audit event, in one transaction. */
  public Future<Void> filesRemoved(Fingerprint fingerprint, org.imagecache.image.CacheEvent event) {
    return db.write(session -> {
      replicas.delete(session, fingerprint, member);
      events.append(session, event);
      return null;
    });
  }

  /**
   * Forgets what the caches hold about one record: the project's entry for the fingerprint, and every
   * prefer-cached answer of the project that names it. Answers still loading go too (they may have
   * read the database before the change committed), as do failed ones.
   */
  public void forget(String project, Fingerprint fp) {
    byFingerprint.synchronous().invalidate(new ProjectFingerprint(project, fp));
    preferred.asMap().entrySet().removeIf(e -> e.getKey().project().equals(project) && mayName(e.getValue(), fp));
  }

  private static boolean mayName(CompletableFuture<Optional<LocalImage>> answer, Fingerprint fp) {
    if (!answer.isDone() || answer.isCompletedExceptionally()) {
      return true;
    }
    return answer.join().map(i -> i.fingerprint().equals(fp)).orElse(false);
  }

  /** Forgets every answer the caches hold that may name the fingerprint, in every project. */
  public void forgetEverywhere(Fingerprint fp) {
    byFingerprint.synchronous().asMap().keySet().removeIf(k -> k.fingerprint().equals(fp));
    preferred.asMap().entrySet().removeIf(e -> mayName(e.getValue(), fp));
  }

  /** Whether an image of the fingerprint waits here for its record (the database was out of reach). */
  public boolean holdsUnrecorded(Fingerprint fp) {
    return unrecorded.findInAnyProject(fp).isPresent();
  }

  /**
   * The fingerprints this member holds files of, as recorded, that no image record refers to any more:
   * another member deleted the last record.
   */
  public Future<java.util.Set<Fingerprint>> copiesWithoutRecord() {
    return db.read(session -> replicas.unrecordedHeldBy(session, member));
  }

  /** This member's copy of an image whose record is gone was removed: its replica row goes, and the audit log says so. */
  public Future<Void> copyRemoved(Fingerprint fp, long bytes, java.time.Instant now) {
    return db.write(session -> {
      copyGone(session, fp, org.imagecache.image.CacheEvent.of(now, "image-deleted", fp.hex(), null).withReason("record-deleted").withBytes(bytes),
          "the record was deleted on another member");
      return null;
    });
  }

  /** This member no longer holds the fingerprint's files: its replica row goes, and the event says whose copy it was and why. */
  private void copyGone(org.imagecache.store.Session session, Fingerprint fp, org.imagecache.image.CacheEvent event, String why) {
    replicas.delete(session, fp, member);
    events.append(session, event.withDetail("member " + member + "'s copy; " + why));
  }

  /** Forgets the project's prefer-cached answers for this source (whatever architecture and type). */
  public void forgetSource(String project, ImageSource source) {
    preferred.asMap().keySet().removeIf(k -> k.project().equals(project) && k.server().equals(source.server())
        && k.protocol().equals(source.protocol()) && k.alias().equals(source.alias()));
  }
}
