package org.imagecache.server;

import org.imagecache.schedule.PruneCandidates;
import org.imagecache.schedule.Pruner;

/** What decides and runs deletions under the cache settings: the candidates and the pruner (also the downloads' space guard). */
public record PruningModule(PruneCandidates candidates, Pruner pruner) {
  public static PruningModule over(StorageModule s, PruneCandidates.Settings settings) {
    PruneCandidates candidates = new PruneCandidates(s.vertx(), s.db(), s.leaseBook(), s.files(), s.local().member(), settings);
    return new PruningModule(candidates, new Pruner(s.vertx(), s.db(), candidates, s.deleter()));
  }
}
