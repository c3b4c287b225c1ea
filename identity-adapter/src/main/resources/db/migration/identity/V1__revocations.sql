-- identity-adapter's revocation list, so that revocations survive a restart. One row per (type, value), as in memory.
CREATE TABLE revocations (
    type       text        NOT NULL CHECK (type IN ('TOKEN', 'SUBJECT', 'SERVICE')),
    value      text        NOT NULL,
    revoked_at timestamptz NOT NULL,
    -- null: kept until lifted (service identities)
    expires_at timestamptz,
    reason     text        NOT NULL DEFAULT '',
    PRIMARY KEY (type, value)
);
