-- One download per file for a mirror tier (issue 20). A member that needs an image's files and finds
-- no member holding them claims the fingerprint here: the owner downloads from the upstream, the others
-- fetch from it (its mirror listener's peer path, pinned to the certificate it published). A claim
-- lasts until expires_at (epoch ms) and is renewed by the owner's heartbeat; an expired one is taken over
-- with the next generation, and an owner whose generation is gone is fenced: it does not publish. A
-- single host never claims (the table stays empty on SQLite).
CREATE TABLE image_claims (
    fingerprint VARCHAR NOT NULL PRIMARY KEY CHECK (length(fingerprint) = 64 AND ltrim(fingerprint, '0123456789abcdef') = ''),
    owner       VARCHAR NOT NULL,
    generation  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- The SHA-256 (hex) of the certificate a member's mirror listener shows ('' for none): the others pin it
-- when they fetch from it.
ALTER TABLE members ADD COLUMN certificate VARCHAR NOT NULL DEFAULT '';

-- The secret the members of one database show each other on the peer path (HTTP Basic, user "tier"):
-- the peer path serves any held file by its store name, which the public mirror paths do not.
CREATE TABLE tier_secret (
    id     BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    secret VARCHAR NOT NULL
);
