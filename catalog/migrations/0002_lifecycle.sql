-- ironbase catalog, schema version 2: the lifecycle controller and the agent.

-- Watchdogs measure from the start of the current phase; attempts count
-- recovery rungs and infra retries in the current cycle; command is what the
-- agent is asked to do (retest, hold), numbered so it runs once; alert flags
-- a host without changing its state (e.g. its BMC does not answer).
ALTER TABLE hosts ADD COLUMN phase_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hosts ADD COLUMN attempts    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hosts ADD COLUMN command     TEXT    NOT NULL DEFAULT '';
ALTER TABLE hosts ADD COLUMN command_id  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hosts ADD COLUMN alert       TEXT    NOT NULL DEFAULT '';
ALTER TABLE hosts ADD COLUMN dhcp_at     INTEGER NOT NULL DEFAULT 0;  -- last DHCP answer to any of its MACs

-- What the agent of a boot said and when.
ALTER TABLE boots ADD COLUMN hello_at  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE boots ADD COLUMN seen_at   INTEGER NOT NULL DEFAULT 0;    -- last heartbeat
ALTER TABLE boots ADD COLUMN inventory TEXT    NOT NULL DEFAULT '';   -- the hello, JSON

-- Idle ready hosts are re-verified this often (0: never).
ALTER TABLE pools ADD COLUMN recheck_secs INTEGER NOT NULL DEFAULT 0;

-- The agent's resource samples (testsuite/usage encoding), in upload order.
CREATE TABLE boot_samples (
    boot_id     INTEGER NOT NULL REFERENCES boots(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    data        BLOB    NOT NULL,
    PRIMARY KEY (boot_id, seq)
);

-- One row per trial of a candidate on a host: the canary evidence.
CREATE TABLE canary_results (
    image_id INTEGER NOT NULL REFERENCES images(id),
    host_id  INTEGER NOT NULL REFERENCES hosts(id),
    boot_id  INTEGER REFERENCES boots(id),
    class    TEXT    NOT NULL,                        -- the host's class (tag "class", or arch/firmware)
    result   TEXT    NOT NULL,                        -- passed, failed
    evidence TEXT    NOT NULL DEFAULT '',
    at       INTEGER NOT NULL,
    PRIMARY KEY (image_id, host_id)
);
