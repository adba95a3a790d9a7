-- An alert can be acknowledged: who did it and when (ms since the epoch).
-- Both NULL while it is open; alerts raised before this are open.
ALTER TABLE alerts ADD COLUMN acked_by TEXT;
ALTER TABLE alerts ADD COLUMN acked_at INTEGER;
