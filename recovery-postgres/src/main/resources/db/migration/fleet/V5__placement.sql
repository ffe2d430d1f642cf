-- Fleet-level scale_up. A host whose worker (with fleet-wide bounds) needs one more instance
-- writes a request; the leader decides it under its fencing token (fleet_decision key
-- place:<worker>:<request>, so no request is placed twice) and writes the chosen host here in the
-- same transaction; that host's engine starts the instance and acknowledges it together with its
-- new instance count in fleet_host. Until then a placed request counts towards the fleet's total.
CREATE TABLE fleet_placement (
    fleet        text        NOT NULL,
    request_id   uuid        NOT NULL,
    worker       text        NOT NULL,
    reason       text        NOT NULL CHECK (reason IN ('scale_up', 'fleet_min')),
    requested_by text        NOT NULL,
    fleet_max    integer     NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    state        text        NOT NULL CHECK (state IN ('requested', 'placed', 'started', 'failed', 'refused', 'withdrawn')),
    host_id      text,
    token        bigint,
    decided_at   timestamptz,
    done_at      timestamptz,
    detail       text        NOT NULL DEFAULT '',
    PRIMARY KEY (fleet, request_id)
);
-- the leader's and the hosts' reads: the requests not yet settled
CREATE INDEX fleet_placement_open ON fleet_placement (fleet, state) WHERE state IN ('requested', 'placed');
-- pruning by age
CREATE INDEX fleet_placement_requested ON fleet_placement (requested_at);
