-- The files of each fingerprint (role, ftype, the exact size the download enforced, the catalog's
-- SHA-256, the name on the remote): what `GET /1.0/images/<fp>` shows and the simplestreams mirror
-- will serve.
-- Keyed by fingerprint, like the files on disk: every project's record of a fingerprint has the same
-- bytes. The rows of a fingerprint go with its last image record. Images cached before this version
-- have none until their files are downloaded again.
CREATE TABLE image_files (
    fingerprint VARCHAR NOT NULL CHECK (length(fingerprint) = 64 AND ltrim(fingerprint, '0123456789abcdef') = ''),
    role        VARCHAR NOT NULL CHECK (role IN ('metadata', 'rootfs', 'disk', 'unified')),
    ftype       VARCHAR NOT NULL,
    size        BIGINT NOT NULL CHECK (size >= 0),
    sha256      VARCHAR NOT NULL CHECK (length(sha256) = 64 AND ltrim(sha256, '0123456789abcdef') = ''),
    basename    VARCHAR NOT NULL,
    PRIMARY KEY (fingerprint, role)
);
