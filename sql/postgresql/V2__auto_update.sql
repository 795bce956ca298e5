-- Auto-update state, kept beside the image records (the images table stays as LXD has it).

-- The last update attempt of an image with auto-update on: failures in a row back off the next try.
CREATE TABLE image_updates (
    image_id        BIGINT PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at BIGINT NOT NULL,
    last_error      VARCHAR
);

-- An older revision replaced by an auto-update (or a manual refresh): kept while leased or while
-- cache.keep_revisions says so, then deleted with reason "superseded".
CREATE TABLE superseded_images (
    image_id       BIGINT PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    source_key     VARCHAR NOT NULL,   -- server, protocol and alias it was a revision of
    replaced_by    VARCHAR NOT NULL,   -- the fingerprint that replaced it
    superseded_at  BIGINT NOT NULL
);
CREATE INDEX superseded_images_source ON superseded_images (source_key, superseded_at);
