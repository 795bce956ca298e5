package org.imagecache.image;

/** A local alias of a project, pointing at one image record. */
public record ImageAlias(String project, String name, String description, long imageId) {}
