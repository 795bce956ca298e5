/**
 * The configuration: the YAML file (its defaults in {@code conf/imagecache.yaml}, the one source of
 * defaults), environment and {@code --set} overrides, bound to typed, validated records; an error names
 * the key that holds the bad value.
 *
 * <p>May use: {@code failure}; Jackson.
 */
package org.imagecache.config;
