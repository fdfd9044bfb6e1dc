-- Indexes dropped for a bulk write (a rebuild of the read models, the bench's load), with the
-- statement that creates each again. Recorded in the transaction that drops them, so that a
-- process that stops before it creates them again leaves them here for the next writer to create.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
);
