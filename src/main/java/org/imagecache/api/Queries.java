package org.imagecache.api;

import io.vertx.ext.web.RoutingContext;
import org.imagecache.failure.InvalidInputException;

/** The query parameters several routes share ({@code project}, {@code all-projects}, {@code recursion}), read and checked one way. */
final class Queries {
  private Queries() {}

  /** LXD's {@code ?project=}: the default project when absent. */
  static String project(RoutingContext ctx) {
    return Fields.project(ctx.queryParams().get("project"));
  }

  /** LXD's {@code ?all-projects=true}: every project (then {@code project} must not be given). */
  static boolean allProjects(RoutingContext ctx) {
    String v = ctx.queryParams().get("all-projects");
    if (v == null || v.equals("false")) {
      return false;
    }
    if (!v.equals("true")) {
      throw new InvalidInputException("invalid_request", "all-projects must be true or false, not '" + v + "'");
    }
    if (ctx.queryParams().get("project") != null) {
      throw new InvalidInputException("invalid_request", "Give project or all-projects=true, not both");
    }
    return true;
  }

  /** LXD's {@code ?recursion=}: 1 and 2 answer the objects, 0 (or none) their paths. */
  static boolean recursion(RoutingContext ctx) {
    String r = ctx.queryParams().get("recursion");
    if (r == null || r.equals("0")) {
      return false;
    }
    if (r.equals("1") || r.equals("2")) {
      return true;
    }
    throw new InvalidInputException("invalid_recursion", "recursion must be 0, 1 or 2");
  }
}
