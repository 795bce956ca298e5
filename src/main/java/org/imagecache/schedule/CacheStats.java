package org.imagecache.schedule;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.imagecache.image.ImageSource;
import org.imagecache.remote.RemoteStatus;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.LookupCounters;
import org.imagecache.store.Database;
import org.imagecache.store.SourceRepository;
import org.jspecify.annotations.Nullable;

/** {@code GET /1.0/cache/stats}: what is cached, what uses it, what a prune could free, and the lookup counters. */
public final class CacheStats {
  private final PruneCandidates candidates;
  private final Database db;
  private final Remotes remotes;
  private final LookupCounters counters;
  private final Supplier<Optional<MirrorStats>> mirror;
  private final SourceRepository sources = new SourceRepository();
  private final org.imagecache.store.MemberRepository members = new org.imagecache.store.MemberRepository();

  /** @param mirror the mirror's endpoints, when {@code mirror.listen} is set */
  public CacheStats(PruneCandidates candidates, Database db, Remotes remotes, LookupCounters counters, Supplier<Optional<MirrorStats>> mirror) {
    this.mirror = mirror;
    this.candidates = candidates;
    this.db = db;
    this.remotes = remotes;
    this.counters = counters;
  }

  /** One row of the {@code docker system df}-like table. */
  public record Row(String type, int total, int active, long size, long reclaimable) {}

  /** Images and bytes of one project or remote. */
  public record Usage(int images, long bytes) {}

  /** The whole answer. */
  public record Stats(List<Row> images, int pinned, int leased, long storeBytes, long filesystemBytes,
      long highWatermarkBytes, long lowWatermarkBytes, boolean aboveHighWatermark, Map<String, Usage> perProject, Map<String, Usage> perRemote,
      LookupCounters.Snapshot lookups, double hitRate, List<RemoteStatus> remotes, @Nullable MirrorStats mirror,
      List<org.imagecache.image.Member> members) {}

  public Future<Stats> read() {
    return candidates.read(Set.copyOf(PrunePolicy.REASONS))
        .compose(s -> db.read(session -> new Records(sources.sourcesByImage(session), members.list(session)))
            .compose(records -> remoteStatuses().map(statuses -> stats(s, records, statuses))));
  }

  /** What the stats read beside the prune candidates, in one read: each image's source, and the members. */
  private record Records(Map<Long, ImageSource> sourceOf, List<org.imagecache.image.Member> members) {}

  private Future<List<RemoteStatus>> remoteStatuses() {
    return Future.all(remotes.all().stream().map(r -> r.catalog().loadedStatus()).toList()).map(all -> all.<RemoteStatus>list());
  }

  private Stats stats(PruneCandidates.Snapshot s, Records records, List<RemoteStatus> statuses) {
    Map<Long, ImageSource> sourceOf = records.sourceOf();
    List<PrunePolicy.Candidate> all = s.candidates();
    var in = s.inputs();
    List<Row> rows = List.of(row("cached", all, c -> c.image().cached(), in), row("explicit", all, c -> !c.image().cached(), in),
        row("all", all, c -> true, in));
    Map<String, Usage> perProject = new TreeMap<>();
    Map<String, Usage> perRemote = new TreeMap<>();
    Map<ImageSource, String> remoteOf = new java.util.HashMap<>();
    for (PrunePolicy.Candidate c : all) {
      perProject.merge(c.image().project(), new Usage(1, c.image().size()), CacheStats::add);
      ImageSource source = sourceOf.get(c.image().id());
      String remote = source == null ? "(none)"
          : remoteOf.computeIfAbsent(source, x -> remotes.findBySource(x).map(r -> r.config().name()).orElse(x.server()));
      perRemote.merge(remote, new Usage(1, c.image().size()), CacheStats::add);
    }
    LookupCounters.Snapshot lookups = counters.snapshot();
    return new Stats(rows, (int) all.stream().filter(c -> c.image().pinned()).count(), (int) all.stream().filter(PrunePolicy.Candidate::leased).count(),
        in.storeBytes(), in.filesystemBytes(), in.high().bytesOf(in.filesystemBytes()), in.low().bytesOf(in.filesystemBytes()),
        in.storeBytes() > in.high().bytesOf(in.filesystemBytes()), perProject, perRemote, lookups, lookups.hitRate(), statuses,
        mirror.get().orElse(null), records.members());
  }

  private static Row row(String type, List<PrunePolicy.Candidate> all, Predicate<PrunePolicy.Candidate> which, PrunePolicy.Inputs in) {
    List<PrunePolicy.Candidate> mine = all.stream().filter(which).toList();
    Map<String, Long> distinct = new LinkedHashMap<>();
    mine.forEach(c -> distinct.put(c.image().fingerprint().hex(), c.image().size()));
    return new Row(type, mine.size(), (int) mine.stream().filter(PrunePolicy.Candidate::leased).count(),
        distinct.values().stream().mapToLong(Long::longValue).sum(), PrunePolicy.reclaimable(all, in, which));
  }

  private static Usage add(Usage a, Usage b) {
    return new Usage(a.images() + b.images(), a.bytes() + b.bytes());
  }
}
