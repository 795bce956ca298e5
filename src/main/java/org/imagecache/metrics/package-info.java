/**
 * The service's metrics: {@link org.imagecache.metrics.ImageCacheMetrics} holds one Micrometer registry
 * (Prometheus in the service, in-memory in tests) with typed methods for what the components record,
 * and the Vert.x options that put Vert.x's own HTTP server metrics in the same registry.
 *
 * <p>May use: nothing of ours; Micrometer stays in this package.
 */
package org.imagecache.metrics;
