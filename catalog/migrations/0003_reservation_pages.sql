-- ironbase catalog, schema version 3: fewer pages written per reservation.
-- Every page a transaction touches is written to the WAL and synced at
-- commit, so a reserve + release cycle costs about what it touches.

-- The queue and expiry indexes hold only the rows their queries look for
-- (pending; active). They used to index every reservation by state, so each
-- state change moved an entry between ranges that grow forever. (state
-- stays the first column: the planner then prefers them to a scan.)
DROP INDEX reservations_queue;
CREATE INDEX reservations_queue ON reservations(state, pool_id, priority DESC, id) WHERE state = 'pending';
DROP INDEX reservations_expiry;
CREATE INDEX reservations_expiry ON reservations(state, expires_at) WHERE state = 'active';

-- A reservation's hosts are keyed by (reservation, host): one b-tree
-- instead of a rowid table plus its primary-key index.
CREATE TABLE reservation_hosts_v3 (
    reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
    host_id        INTEGER NOT NULL REFERENCES hosts(id),
    boot_id        INTEGER REFERENCES boots(id),      -- provenance: the base it got
    PRIMARY KEY (reservation_id, host_id)
) WITHOUT ROWID;
INSERT INTO reservation_hosts_v3 (reservation_id, host_id, boot_id)
    SELECT reservation_id, host_id, boot_id FROM reservation_hosts;
DROP TABLE reservation_hosts;
ALTER TABLE reservation_hosts_v3 RENAME TO reservation_hosts;
CREATE INDEX reservation_hosts_host ON reservation_hosts(host_id);
