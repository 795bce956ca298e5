package org.imagecache.api;

import io.vertx.ext.web.Router;

/** A group of API routes; each group lists its routes together at the top of its class. */
public interface ApiRoutes {
  void register(Router router);
}
