-- Markers (gaps, relists, reconnects, collector starts and stops) are a sliver of the log; this
-- partial index finds them by kind and time without scanning every entry (the viewer asks for
-- the gaps of its window on each request).
CREATE INDEX log_entries_markers ON log_entries (kind, observed_at) WHERE type = 'MARKER';
