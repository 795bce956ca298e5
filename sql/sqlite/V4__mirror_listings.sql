-- When the simplestreams mirror last served a products file that listed each fingerprint (epoch
-- milliseconds). LXD caches a products file for an hour and then asks for the files it lists, so an
-- image listed in the last 2 hours is not deleted by prune or auto-update (kept as `recently_listed`).
-- Keyed by fingerprint: a listing names the bytes, whatever project holds them. Rows older than the
-- protection are dropped when listings are next written.
CREATE TABLE mirror_listings (
    fingerprint VARCHAR NOT NULL PRIMARY KEY CHECK (length(fingerprint) = 64 AND ltrim(fingerprint, '0123456789abcdef') = ''),
    listed_at   BIGINT NOT NULL
);
