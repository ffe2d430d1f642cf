-- Host membership: each daemon registers itself and renews a lease. Lease times are the
-- database's clock (now()), the one clock every host agrees on.
CREATE TABLE fleet_host (
    host_id       text        PRIMARY KEY,
    fleet         text        NOT NULL,
    address       text        NOT NULL,
    version       text        NOT NULL,
    workers       jsonb       NOT NULL,
    state         text        NOT NULL CHECK (state IN ('UP', 'DOWN', 'LEFT')),
    registered_at timestamptz NOT NULL DEFAULT now(),
    renewed_at    timestamptz NOT NULL DEFAULT now(),
    lease_until   timestamptz NOT NULL,
    down_since    timestamptz
);
-- the sweep looks only at live hosts whose lease ran out
CREATE INDEX fleet_host_live_lease ON fleet_host (fleet, lease_until) WHERE state = 'UP';

-- Fleet-level alerts (a host DOWN, ...), raised once by whichever host's sweep marked it.
CREATE TABLE fleet_event (
    id        bigserial   PRIMARY KEY,
    fleet     text        NOT NULL,
    kind      text        NOT NULL,
    host_id   text        NOT NULL,
    severity  text        NOT NULL,
    message   text        NOT NULL,
    raised_by text        NOT NULL,
    raised_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fleet_event_raised ON fleet_event (fleet, raised_at);
