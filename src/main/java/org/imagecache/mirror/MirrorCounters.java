package org.imagecache.mirror;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.imagecache.schedule.MirrorStats;

/** What the mirror has served, per endpoint, since the start: the stats' and the metrics' source. */
public final class MirrorCounters {
  /** One endpoint's counters. */
  public static final class Endpoint {
    final LongAdder requests = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder pullThroughs = new LongAdder();
    final LongAdder bytesServed = new LongAdder();
    final LongAdder bytesFetched = new LongAdder();

    public long requests() {
      return requests.sum();
    }

    public long hits() {
      return hits.sum();
    }

    public long misses() {
      return misses.sum();
    }

    public long pullThroughs() {
      return pullThroughs.sum();
    }

    public long bytesServed() {
      return bytesServed.sum();
    }

    public long bytesFetched() {
      return bytesFetched.sum();
    }
  }

  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  /** The counters of an endpoint (created at its first use). */
  public Endpoint of(String remote) {
    return endpoints.computeIfAbsent(remote, r -> new Endpoint());
  }

  /** The stats of every endpoint served, with the mode each is in now. */
  public MirrorStats stats(MirrorEndpoints served) {
    Map<String, MirrorStats.Endpoint> out = new LinkedHashMap<>();
    for (String remote : served.served()) {
      Endpoint e = of(remote);
      out.put(remote, new MirrorStats.Endpoint(served.modeOf(remote).describe(), e.requests(), e.hits(), e.misses(), e.pullThroughs(),
          e.bytesServed(), e.bytesFetched()));
    }
    return new MirrorStats(out);
  }
}
