package org.imagecache.resolve;

import io.vertx.core.Future;
import org.imagecache.image.RemoteImage;
import org.imagecache.remote.Cancellation;
import org.imagecache.remote.RemoteSource;

/**
 * Where a download's bytes come from when several members share one database: one member downloads
 * from the remote for all of them, the others from it or from a member that holds the files. A single
 * host is a tier of one ({@link #ALONE}): every download is from the remote.
 */
public interface Tier {
  /** A single host's: from the remote, nobody to ask or to tell. */
  Tier ALONE = (image, cancel, fetches) -> fetches.fromRemote(Fence.NONE);

  /** Gets the image's files in through {@code fetches}, from the remote or from a member, as the tier decides. */
  Future<Void> download(RemoteImage image, Cancellation cancel, Fetches fetches);

  /** The two ways in, each a whole download (verified and committed) or its failure, with nothing left of it. */
  interface Fetches {
    /** From the remote (its mirrors, then itself); the fence is asked just before the files are committed. */
    Future<Void> fromRemote(Fence fence);

    /** From another member, which sends what it holds or what it is downloading as it arrives. */
    Future<Void> fromPeer(RemoteSource peer);
  }

  /** Whether this download still may commit: a member whose claim was taken over must not (its failure says so). */
  interface Fence {
    Fence NONE = Future::succeededFuture;

    Future<Void> check();
  }
}
