-- The members of a mirror tier (issue 20) and which member holds which image's files. The records are
-- shared by every member of the database; the files are each member's own. A single host is a tier of
-- one: its own row here, and a replica for every image whose files it holds. Times are epoch ms.
CREATE TABLE members (
    name       VARCHAR NOT NULL PRIMARY KEY,
    address    VARCHAR NOT NULL DEFAULT '',   -- where the others reach its mirror listener ('' for none)
    started_at BIGINT NOT NULL,               -- its last start
    seen_at    BIGINT NOT NULL                -- the last time it said it was there
);

-- A member holds the verified files of a fingerprint (whatever project's record names them): written
-- in the transaction that records them, deleted in the one that deletes them, and set right from the
-- files on disk at each start.
CREATE TABLE image_replicas (
    fingerprint VARCHAR NOT NULL CHECK (length(fingerprint) = 64 AND ltrim(fingerprint, '0123456789abcdef') = ''),
    member      VARCHAR NOT NULL,
    verified_at BIGINT NOT NULL,
    PRIMARY KEY (fingerprint, member)
);
CREATE INDEX image_replicas_member ON image_replicas (member);
