-- imagecache schema, version 1.
-- Times are epoch milliseconds (INTEGER). Booleans are 0/1. Names follow LXD's images, images_aliases,
-- images_properties and images_source tables where LXD has them.
-- Image files are shared by fingerprint across projects: a file belongs to no single record, and goes
-- only when no row of `images` in any project names its fingerprint.

CREATE TABLE images (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project        VARCHAR NOT NULL,
    fingerprint    VARCHAR NOT NULL CHECK (length(fingerprint) = 64 AND ltrim(fingerprint, '0123456789abcdef') = ''),
    filename       VARCHAR NOT NULL,
    size           INTEGER NOT NULL CHECK (size >= 0),
    architecture   VARCHAR NOT NULL,
    type           VARCHAR NOT NULL CHECK (type IN ('container', 'virtual-machine')),
    unified        BOOLEAN NOT NULL DEFAULT 0,   -- one file (metadata and rootfs together), no <fp>.rootfs
    cached         BOOLEAN NOT NULL DEFAULT 0,   -- fetched by imagecache for a launch (LXD cached=1)
    auto_update    BOOLEAN NOT NULL DEFAULT 0,
    pinned         BOOLEAN NOT NULL DEFAULT 0,   -- never pruned
    created_at     INTEGER,                      -- when the publisher built it (from the catalog)
    uploaded_at    INTEGER NOT NULL,             -- when it arrived here
    last_used_at   INTEGER,
    next_update_at INTEGER,
    CONSTRAINT images_project_fingerprint UNIQUE (project, fingerprint)
);
CREATE INDEX images_fingerprint ON images (fingerprint);
CREATE INDEX images_next_update ON images (next_update_at) WHERE next_update_at IS NOT NULL;

CREATE TABLE image_aliases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project     VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    image_id    INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    CONSTRAINT image_aliases_project_name UNIQUE (project, name)
);
CREATE INDEX image_aliases_image ON image_aliases (image_id);

CREATE TABLE image_properties (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    key      VARCHAR NOT NULL,
    value    VARCHAR NOT NULL,
    CONSTRAINT image_properties_image_key UNIQUE (image_id, key)
);

-- Where a cached image came from (LXD's images_source). One source per image. The prefer-cached
-- lookup asks for (server, protocol, alias) here, then filters the few joined images (by primary key)
-- on architecture, type and auto_update, newest first.
CREATE TABLE image_sources (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    image_id    INTEGER NOT NULL UNIQUE REFERENCES images (id) ON DELETE CASCADE,
    server      VARCHAR NOT NULL,
    protocol    VARCHAR NOT NULL,
    certificate VARCHAR NOT NULL DEFAULT '',
    alias       VARCHAR NOT NULL
);
CREATE INDEX image_sources_lookup ON image_sources (server, protocol, alias, image_id);

-- A promise not to delete an image. Launch leases expire; instance leases (expires_at NULL) last until
-- deleted. RESTRICT: the database itself refuses to delete an image record that a lease still names.
CREATE TABLE leases (
    id         VARCHAR PRIMARY KEY,
    image_id   INTEGER NOT NULL REFERENCES images (id) ON DELETE RESTRICT,
    project    VARCHAR NOT NULL,
    holder     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('launch', 'instance')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER
);
CREATE INDEX leases_image ON leases (image_id);
CREATE INDEX leases_expires ON leases (expires_at) WHERE expires_at IS NOT NULL;

-- The audit log: downloads, refreshes, deletions (with reason and bytes), failures.
CREATE TABLE cache_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,
    fingerprint VARCHAR,
    project     VARCHAR,
    reason      VARCHAR,
    bytes       INTEGER,
    detail      VARCHAR
);
CREATE INDEX cache_events_kind ON cache_events (kind, id);
CREATE INDEX cache_events_fingerprint ON cache_events (fingerprint, id);

-- Runtime values of the images.* keys, set with PATCH /1.0 or `imagecache config set`.
CREATE TABLE settings (
    key        VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at INTEGER NOT NULL
);
