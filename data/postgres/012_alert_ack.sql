-- An alert can be acknowledged: who did it and when (ms since the epoch).
-- Both NULL while it is open; alerts raised before this are open. Support
-- and admin already hold UPDATE on the table (007); managers only read it.
ALTER TABLE @.alerts ADD COLUMN acked_by text;
ALTER TABLE @.alerts ADD COLUMN acked_at bigint;
