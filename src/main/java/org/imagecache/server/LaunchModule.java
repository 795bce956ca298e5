package org.imagecache.server;

import java.util.function.Supplier;
import org.imagecache.config.ImagesSettings;
import org.imagecache.files.LanePool;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.Aliases;
import org.imagecache.resolve.DownloadLog;
import org.imagecache.resolve.DeferredRecords;
import org.imagecache.resolve.Downloads;
import org.imagecache.resolve.ImageDamage;
import org.imagecache.resolve.ImageRecords;
import org.imagecache.resolve.LaunchLookup;
import org.imagecache.resolve.Launches;
import org.imagecache.resolve.Leases;
import org.imagecache.resolve.Provisioner;
import org.imagecache.resolve.Pulls;
import org.imagecache.resolve.SourceResolver;
import org.imagecache.resolve.SpaceGuard;
import org.imagecache.resolve.UpdateSchedule;
import org.imagecache.resolve.WriteBehind;

/**
 * Everything a launch and an operator's image commands go through: the downloads (with the space guard
 * that makes room before one), damage checks, provisioning, the launch lookup, records, aliases, pulls,
 * leases and the write-behind of last uses and launch leases.
 */
public record LaunchModule(
    Downloads downloads,
    ImageDamage damage,
    Provisioner provisioner,
    SourceResolver resolver,
    LaunchLookup lookup,
    ImageRecords records,
    Aliases aliases,
    Pulls pulls,
    Leases leases,
    WriteBehind writeBehind) {

  /** How downloads and provisioning behave: where files are written and hashed, who makes room, the settings, the schedule, where the bytes come from. */
  public record Wiring(LanePool lanes, SpaceGuard space, Supplier<ImagesSettings> settings, UpdateSchedule schedule,
      org.imagecache.resolve.Tier tier) {}

  public static LaunchModule over(StorageModule s, Remotes remotes, Wiring w) {
    Downloads downloads = new Downloads(s.vertx(), s.files(), w.lanes(), s.operations(), s.locks(),
        new DownloadLog(s.counters(), s.db(), s.clock(), s.metrics()), s.local()::isReferenced, w.space(), w.tier());
    ImageDamage damage = new ImageDamage(s.vertx(), s.files(), s.locks(), s.db(), s.local(), s.clock());
    Provisioner provisioner = new Provisioner(s.local(), downloads, damage, w.settings(), w.schedule(), s.clock());
    SourceResolver resolver = new SourceResolver(remotes, s.local(), w.settings());
    LaunchLookup lookup = new LaunchLookup(resolver, provisioner, new Launches(s.leaseBook(), s.usage(), s.db(), s.clock()), s.local(),
        s.files(), s.locks(), damage);
    ImageRecords records = new ImageRecords(s.db(), s.local(), s.leaseBook(), s.usage(), s.deleter());
    return new LaunchModule(downloads, damage, provisioner, resolver, lookup, records, new Aliases(s.db(), records),
        new Pulls(resolver, provisioner, s.local(), records), new Leases(s.leaseBook(), s.db(), s.clock()),
        new WriteBehind(s.vertx(), s.db(), s.usage(), s.leaseBook(), new DeferredRecords(s.local(), downloads, s.leaseBook()), s.metrics()));
  }
}
