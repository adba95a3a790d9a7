-- Commands sent with a command id (--command-id): one row per id, written in
-- the transaction that appends the command's events, so a command sent again
-- is recognised atomically and answered with what it answered the first time.
-- fingerprint is the command and its arguments; result what it printed.

CREATE TABLE commands (
	command_id TEXT PRIMARY KEY NOT NULL,
	fingerprint TEXT NOT NULL,
	result TEXT,
	recorded_at INTEGER NOT NULL
) WITHOUT ROWID;
