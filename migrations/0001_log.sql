-- The append-only log: one row per observed change, or per note the recorder makes about
-- itself (markers). The global position only grows (AUTOINCREMENT never reuses a rowid).
CREATE TABLE log_entries (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  cluster TEXT NOT NULL,
  observed_at INTEGER NOT NULL,           -- collector clock, epoch ms
  source TEXT NOT NULL CHECK (source IN ('list', 'watch', 'relist', 'import', 'collector')),
  type TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED', 'MARKER')),
  resource TEXT NOT NULL,                 -- plural[.group]; '' for collector-wide markers
  api_version TEXT,
  kind TEXT,
  uid TEXT,
  namespace TEXT,
  name TEXT,
  resource_version TEXT,                  -- opaque: never compared as a number
  version_key TEXT,                       -- resourceVersion, or a content hash when there is none
  inferred INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
  encoding INTEGER NOT NULL,              -- see store/codec: raw JSON, or a delta against base_position
  base_position INTEGER,
  body BLOB NOT NULL
);

-- Dedupe: the same version of the same object is recorded once, whatever the path it came by
-- (list, watch, relist, import). A deletion is a distinct observation of the same version.
CREATE UNIQUE INDEX log_entries_dedupe
  ON log_entries (cluster, resource, uid, version_key, type = 'DELETED')
  WHERE uid IS NOT NULL;
CREATE INDEX log_entries_by_uid ON log_entries (uid, observed_at, position) WHERE uid IS NOT NULL;
CREATE INDEX log_entries_by_time ON log_entries (cluster, observed_at);

-- Retention may remove whole old ranges, and only while it holds a cut in this table (inside
-- its own transaction); every other DELETE and every UPDATE is refused by the schema itself.
CREATE TABLE retention_cut (below_position INTEGER NOT NULL);
CREATE TABLE retention_runs (
  id INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL,
  below_position INTEGER NOT NULL,
  removed_entries INTEGER NOT NULL,
  reason TEXT NOT NULL
);

CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN
  SELECT RAISE(ABORT, 'log_entries is append-only: UPDATE refused');
END;

CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
WHEN NOT EXISTS (SELECT 1 FROM retention_cut WHERE OLD.position < below_position)
BEGIN
  SELECT RAISE(ABORT, 'log_entries is append-only: DELETE refused outside a retention cut');
END;

-- Where each watch can resume from after a restart.
CREATE TABLE watch_checkpoints (
  cluster TEXT NOT NULL,
  resource TEXT NOT NULL,
  resource_version TEXT NOT NULL,
  position INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (cluster, resource)
);

-- How far each projection has read the log; written in the same transaction as its rows.
CREATE TABLE projection_checkpoints (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL
);
