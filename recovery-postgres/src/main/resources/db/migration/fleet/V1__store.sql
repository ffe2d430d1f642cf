-- The fleet store: what every host's outbox journal replays into. Rows that come from a journal
-- carry (host_id, journal_id, seq): a replay of a record already applied is a no-op, so a record
-- is written exactly once however often the connection drops between commit and acknowledgement.

-- How far each journal has been applied; updated in the same transaction as the records.
CREATE TABLE fleet_journal (
    host_id     text        NOT NULL,
    journal_id  uuid        NOT NULL,
    applied_seq bigint      NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host_id, journal_id)
);

-- Recovery history, one row per verified attempt (the record as JSON, plus the columns queried).
CREATE TABLE fleet_history (
    host_id            text        NOT NULL,
    journal_id         uuid        NOT NULL,
    seq                bigint      NOT NULL,
    worker             text        NOT NULL,
    slot               integer     NOT NULL,
    failure            text        NOT NULL,
    action             text        NOT NULL,
    success            boolean     NOT NULL,
    pattern            text,
    started_at         timestamptz NOT NULL,
    time_to_recover_ms bigint      NOT NULL,
    record             jsonb       NOT NULL,
    written_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host_id, journal_id, seq)
);
-- fleet history, newest first; pruning by age
CREATE INDEX fleet_history_started ON fleet_history (started_at);
CREATE INDEX fleet_history_worker ON fleet_history (worker, started_at);

-- Learned statistics per origin (the host that gathered them): each host replaces its own rows.
-- pattern is '' for a failure without an error pattern, so that it can sit in the key.
CREATE TABLE fleet_strategy (
    host_id            text        NOT NULL,
    failure            text        NOT NULL,
    pattern            text        NOT NULL,
    action             text        NOT NULL,
    attempts           bigint      NOT NULL CHECK (attempts >= 0),
    successes          bigint      NOT NULL CHECK (successes >= 0 AND successes <= attempts),
    total_recovery_ms  bigint      NOT NULL,
    recent_recovery_ms bigint[]    NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host_id, failure, pattern, action)
);

-- Error patterns mined by each host.
CREATE TABLE fleet_pattern (
    host_id    text        NOT NULL,
    pattern_id text        NOT NULL,
    template   text        NOT NULL,
    location   text        NOT NULL,
    count      bigint      NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    workers    jsonb       NOT NULL,
    PRIMARY KEY (host_id, pattern_id)
);

-- Incident alerts raised by each host.
CREATE TABLE fleet_alert (
    host_id    text        NOT NULL,
    journal_id uuid        NOT NULL,
    seq        bigint      NOT NULL,
    severity   text        NOT NULL,
    message    text        NOT NULL,
    raised_at  timestamptz NOT NULL,
    PRIMARY KEY (host_id, journal_id, seq)
);
CREATE INDEX fleet_alert_raised ON fleet_alert (raised_at);
