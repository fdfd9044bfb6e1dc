-- Keyframes that retention removed from the log while kept entries are still deltas of them:
-- only the encoded body, so those entries decode exactly (docs/decisions/0002-retention.md).
-- Not log entries: nothing reads them but the decoder; retention prunes those no longer needed.
CREATE TABLE retained_bases (
  position INTEGER PRIMARY KEY,
  encoding INTEGER NOT NULL,
  body BLOB NOT NULL
);
