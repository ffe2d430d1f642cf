-- The fleet-wide correlated-failure guard. Hosts report failures with an error signature, and
-- recoveries of them; the leader reads them, opens and ends outages and names canaries, each a
-- fenced decision (fleet_decision) written in the same transaction as the outage row it changes.
CREATE TABLE fleet_failure (
    id          bigserial   PRIMARY KEY,
    fleet       text        NOT NULL,
    grp         text        NOT NULL,
    signature   text        NOT NULL,
    host_id     text        NOT NULL,
    instance    text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('failed', 'recovered')),
    description text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- the leader's and hosts' reads: recent reports of one fleet; old rows are pruned by the leader
CREATE INDEX fleet_failure_recent ON fleet_failure (fleet, at);

CREATE TABLE fleet_outage (
    fleet           text        NOT NULL,
    outage_key      text        NOT NULL,
    grp             text        NOT NULL,
    signature       text        NOT NULL,
    description     text        NOT NULL,
    opened_at       timestamptz NOT NULL,
    hold_until      timestamptz NOT NULL,
    ended_at        timestamptz,
    recovered       boolean,
    canary_seq      integer     NOT NULL DEFAULT 0,
    canary_host     text,
    canary_instance text,
    next_canary_at  timestamptz NOT NULL,
    PRIMARY KEY (fleet, outage_key)
);
-- at most one open outage per signature and group, whatever two leaders believe
CREATE UNIQUE INDEX fleet_outage_one_open ON fleet_outage (fleet, grp, signature) WHERE ended_at IS NULL;
