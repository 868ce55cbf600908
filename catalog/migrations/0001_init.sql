-- ironbase catalog, schema version 1.
-- Times are unix nanoseconds (INTEGER) in UTC. States are stored by name.

CREATE TABLE pools (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    suite             TEXT NOT NULL DEFAULT '',       -- acceptance suite (JSON), pool-wide additions
    canaries_per_class INTEGER NOT NULL DEFAULT 1,    -- hosts of each class a candidate must pass on
    max_unavailable   INTEGER NOT NULL DEFAULT 1,     -- hosts moved to a new image at a time
    heartbeat_secs    INTEGER NOT NULL DEFAULT 30,    -- health check: heartbeat loss after this
    max_lease_secs    INTEGER NOT NULL DEFAULT 86400,
    created_at        INTEGER NOT NULL
);

CREATE TABLE images (
    id          INTEGER PRIMARY KEY,
    digest      TEXT NOT NULL UNIQUE,                 -- sha256:HEX of the canonical manifest
    name        TEXT NOT NULL,
    version     TEXT NOT NULL DEFAULT '',
    arch        TEXT NOT NULL DEFAULT 'x86_64',
    state       TEXT NOT NULL,
    manifest    TEXT NOT NULL,                        -- canonical JSON
    parent_id   INTEGER REFERENCES images(id),
    forced      INTEGER NOT NULL DEFAULT 0,           -- promoted without evidence
    corrupt     INTEGER NOT NULL DEFAULT 0,           -- a blob failed its digest check (image verify)
    created_at  INTEGER NOT NULL,
    state_since INTEGER NOT NULL
);

CREATE TABLE image_artifacts (
    image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,                           -- kernel, initrd, rootfs, layer, checks
    position INTEGER NOT NULL DEFAULT 0,              -- order of layers, bottom first
    digest   TEXT NOT NULL,                           -- blob digest sha256:HEX
    size     INTEGER NOT NULL,
    source   TEXT NOT NULL DEFAULT '',                -- provenance: where the bytes came from
    PRIMARY KEY (image_id, role, position)
);
CREATE INDEX image_artifacts_digest ON image_artifacts(digest);

CREATE TABLE image_tags (
    name     TEXT NOT NULL,                           -- debian-12-lab
    tag      TEXT NOT NULL,                           -- candidate
    image_id INTEGER NOT NULL REFERENCES images(id),
    PRIMARY KEY (name, tag)
);

-- A pool's known-good per arch, and the pinned fallback it replaced.
CREATE TABLE pool_images (
    pool_id     INTEGER NOT NULL REFERENCES pools(id),
    arch        TEXT NOT NULL,
    promoted_id INTEGER REFERENCES images(id),
    fallback_id INTEGER REFERENCES images(id),
    PRIMARY KEY (pool_id, arch)
);

CREATE TABLE hosts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL,
    phase       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    pool_id     INTEGER REFERENCES pools(id),
    arch        TEXT NOT NULL DEFAULT 'x86_64',
    firmware    TEXT NOT NULL DEFAULT 'bios',
    ip          TEXT UNIQUE,                          -- fixed address assigned at enrolment
    current_boot_id INTEGER,                          -- boots.id of the boot running now
    created_at  INTEGER NOT NULL,
    state_since INTEGER NOT NULL
);

CREATE TABLE host_macs (
    mac     TEXT PRIMARY KEY,                         -- lower-case, colon separated
    host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE
);
CREATE INDEX host_macs_host ON host_macs(host_id);

CREATE TABLE host_tags (
    host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (host_id, key)
);
CREATE INDEX host_tags_kv ON host_tags(key, value);

CREATE TABLE bmcs (
    host_id      INTEGER PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
    address      TEXT NOT NULL,                       -- host:port
    username     TEXT NOT NULL,
    password_enc BLOB NOT NULL,                       -- AES-256-GCM: nonce || ciphertext
    interface    TEXT NOT NULL DEFAULT 'lanplus',
    cipher_suite INTEGER NOT NULL DEFAULT -1          -- -1: negotiate (17, then 3)
);

CREATE TABLE slots (
    host_id  INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    slot     TEXT NOT NULL CHECK (slot IN ('A', 'B')),
    image_id INTEGER REFERENCES images(id),
    status   TEXT NOT NULL DEFAULT '',                -- B: staged, trial, passed, failed
    PRIMARY KEY (host_id, slot)
);

CREATE TABLE boots (
    id         INTEGER PRIMARY KEY,
    host_id    INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    slot       TEXT NOT NULL,
    image_id   INTEGER REFERENCES images(id),
    token_hash TEXT NOT NULL UNIQUE,                  -- sha256 of the one-time boot token
    kernel     TEXT NOT NULL DEFAULT '',              -- kernel release the agent reported
    created_at INTEGER NOT NULL
);
CREATE INDEX boots_host ON boots(host_id);
CREATE INDEX hosts_pool_state ON hosts(pool_id, state);

CREATE TABLE verification_runs (
    id         INTEGER PRIMARY KEY,
    boot_id    INTEGER NOT NULL REFERENCES boots(id) ON DELETE CASCADE,
    result     TEXT NOT NULL DEFAULT '',              -- pass, fail, error, '' while running
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
);

CREATE INDEX verification_runs_boot ON verification_runs(boot_id, id);

CREATE TABLE check_results (
    run_id   INTEGER NOT NULL REFERENCES verification_runs(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    result   TEXT NOT NULL,                           -- pass, fail, error
    class    TEXT NOT NULL DEFAULT '',                -- base, infra, check
    expected TEXT NOT NULL DEFAULT '',
    observed TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, name)
);

CREATE TABLE reservations (
    id          INTEGER PRIMARY KEY,
    request_id  TEXT NOT NULL,
    client      TEXT NOT NULL,                        -- token name of the holder
    pool_id     INTEGER NOT NULL REFERENCES pools(id),
    constraints TEXT NOT NULL,                        -- JSON
    count       INTEGER NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL,                        -- pending, active, released, expired, cancelled
    image_id    INTEGER REFERENCES images(id),        -- an explicitly requested candidate
    duration_ns INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    granted_at  INTEGER,
    expires_at  INTEGER,
    ended_at    INTEGER,
    warned      INTEGER NOT NULL DEFAULT 0,           -- the expiry warning event was sent
    UNIQUE (client, request_id)
);

CREATE INDEX reservations_queue ON reservations(state, pool_id, priority, id);
CREATE INDEX reservations_expiry ON reservations(state, expires_at);

CREATE TABLE reservation_hosts (
    reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
    host_id        INTEGER NOT NULL REFERENCES hosts(id),
    boot_id        INTEGER REFERENCES boots(id),      -- provenance: the base it got
    PRIMARY KEY (reservation_id, host_id)
);

CREATE INDEX reservation_hosts_host ON reservation_hosts(host_id);

CREATE TABLE dhcp_leases (
    ip         TEXT PRIMARY KEY,
    mac        TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,        -- never reused, even after retention
    time    INTEGER NOT NULL,
    kind    TEXT NOT NULL,                            -- host.state, pool.created, power.action, ...
    host    TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    actor   TEXT NOT NULL DEFAULT '',
    data    TEXT NOT NULL DEFAULT '{}'                -- JSON
);
CREATE INDEX events_time ON events(time);
CREATE INDEX events_host ON events(host, id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'scheduler', 'viewer')),
    hash       TEXT NOT NULL UNIQUE,                  -- sha256 of the secret part, hex
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
