-- Session transcripts built from the CloudEvents on sluice.sessions.
-- Everything lives in the service's own schema so that it can share a PostgreSQL with other services.

CREATE TABLE sessions (
    id                 TEXT        PRIMARY KEY,          -- gateway session id (CloudEvents subject)
    subject            TEXT,                             -- identity subject; NULL until session.started arrives
    kind               TEXT,                             -- HUMAN | SERVICE
    groups             TEXT[],
    connection         TEXT,
    protocol           TEXT,
    client_address     TEXT,
    client_application TEXT,
    started_at         TIMESTAMPTZ,
    ended_at           TIMESTAMPTZ,
    end_reason         TEXT,
    command_count      BIGINT      NOT NULL DEFAULT 0,
    last_seq           BIGINT      NOT NULL DEFAULT 0,
    first_seen_at      TIMESTAMPTZ NOT NULL              -- ingest time of the first event (orders unstarted sessions)
);

-- serves the newest-first listing
CREATE INDEX sessions_newest_idx ON sessions ((coalesce(started_at, first_seen_at)) DESC);

CREATE TABLE session_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        TEXT        NOT NULL UNIQUE,          -- CloudEvents id: redeliveries collide here
    session_id      TEXT        NOT NULL REFERENCES sessions (id),
    seq             BIGINT      NOT NULL,
    type            TEXT        NOT NULL,
    event_time      TIMESTAMPTZ NOT NULL,
    event_time_text TEXT        NOT NULL,                 -- the time attribute as published: part of the hash input
    prevhash        TEXT        NOT NULL,
    hash            TEXT        NOT NULL,
    -- compact JSON text of data as hashed; text, not jsonb (which reorders keys), so the hash can be recomputed
    data            TEXT        NOT NULL,
    chain_ok        BOOLEAN     NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT session_events_session_seq_key UNIQUE (session_id, seq)
);

-- Records that could not be turned into session events; kept so that nothing consumed is silently lost.
CREATE TABLE rejected_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    record_key      TEXT,
    reason          TEXT        NOT NULL,                 -- never quotes the payload, so it is safe to log
    payload         TEXT,                                 -- the record value as received, for investigation
    rejected_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT rejected_events_record_key UNIQUE (topic, kafka_partition, kafka_offset)
);
