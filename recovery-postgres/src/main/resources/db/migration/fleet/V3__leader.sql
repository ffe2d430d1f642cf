-- One leader per fleet: a lease row. Each new term takes the next token; a leader's decision is
-- written only while its token is still the row's (checked under a share lock of the row), so a
-- deposed leader cannot act on a stale decision.
CREATE TABLE fleet_leader (
    fleet       text        PRIMARY KEY,
    holder      text        NOT NULL,
    token       bigint      NOT NULL,
    acquired_at timestamptz NOT NULL,
    lease_until timestamptz NOT NULL
);

-- Decisions taken for the fleet, each under a key that names what was decided (one outage, one
-- placement): a decision is taken once, by the leader of the term given by its token.
CREATE TABLE fleet_decision (
    fleet        text        NOT NULL,
    decision_key text        NOT NULL,
    token        bigint      NOT NULL,
    holder       text        NOT NULL,
    body         jsonb       NOT NULL,
    decided_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (fleet, decision_key)
);
CREATE INDEX fleet_decision_decided ON fleet_decision (fleet, decided_at);
