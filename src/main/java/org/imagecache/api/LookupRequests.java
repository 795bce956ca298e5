package org.imagecache.api;

import java.util.Optional;
import org.imagecache.config.Protocol;
import org.imagecache.failure.ForbiddenException;
import org.imagecache.failure.ImageCacheException;
import org.imagecache.failure.InvalidInputException;
import org.imagecache.image.Architecture;
import org.imagecache.image.Fingerprint;
import org.imagecache.image.ImageType;
import org.imagecache.remote.Remotes;
import org.imagecache.resolve.ImageRef;
import org.imagecache.resolve.LookupRequest;
import org.imagecache.resolve.Provisioner;
import org.jspecify.annotations.Nullable;

/**
 * Reads what names an image in a request body (remote or server, alias or fingerprint, architecture,
 * type, project, instance, wait) into a {@link LookupRequest}: the lookup's body, and the source of an
 * explicit pull.
 */
public final class LookupRequests {
  private final Remotes remotes;
  private final String hostArchitecture;

  public LookupRequests(Remotes remotes, String hostArchitecture) {
    this.remotes = remotes;
    this.hostArchitecture = hostArchitecture;
  }

  /** The request the fields name; fields the caller does not allow are refused before (see {@link Fields#only}). */
  LookupRequest parse(Fields f) {
    String alias = f.string("alias");
    String fingerprint = f.string("fingerprint");
    if ((alias == null) == (fingerprint == null)) {
      throw new InvalidInputException("invalid_request", "Give exactly one of 'alias' and 'fingerprint'");
    }
    String architecture = f.string("architecture");
    String type = f.string("type");
    return new LookupRequest(
        Fields.project(f.string("project")),
        remoteName(f),
        alias == null ? new ImageRef.FingerprintPrefix(Fingerprint.checkPrefix(fingerprint)) : new ImageRef.Alias(Fields.alias(alias)),
        architecture == null ? hostArchitecture : Architecture.check(architecture),
        type == null ? ImageType.CONTAINER : ImageType.fromWireName(type),
        Fields.instance(f.string("instance")),
        f.bool("wait", true) ? Provisioner.Waiting.UNTIL_PROVISIONED : Provisioner.Waiting.ANSWER_PENDING);
  }

  /** The remote by name, or by server URL and protocol (only a configured remote's URL is accepted). */
  private @Nullable String remoteName(Fields f) {
    String remote = f.string("remote");
    String server = f.string("server");
    if (remote != null && server != null) {
      throw new InvalidInputException("invalid_request", "Give 'remote' or 'server', not both");
    }
    if (remote != null) {
      return remotes.get(remote).config().name();
    }
    if (server == null) {
      return null;
    }
    String protocolName = f.string("protocol");
    Optional<Protocol> protocol = protocolName == null ? Optional.empty() : Protocol.of(protocolName);
    Optional<Remotes.Remote> found = protocolName != null && protocol.isEmpty() ? Optional.empty() : remotes.findByServer(server, protocol);
    return found.map(r -> r.config().name()).orElseThrow(() -> new ForbiddenException("remote_not_allowed",
        "Server " + ImageCacheException.clip(server) + (protocolName == null ? "" : " (" + ImageCacheException.clip(protocolName) + ")")
            + " is not a configured remote"));
  }
}
