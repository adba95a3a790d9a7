-- Projector state: for each projector, the version of its code that built
-- its read model and the last log position applied to it, moved in the same
-- transaction as the read model. A stored version that differs from the
-- code's is rebuilt when the store is next opened.
CREATE TABLE projector_state (
	name TEXT PRIMARY KEY NOT NULL,
	version INTEGER NOT NULL,
	checkpoint INTEGER NOT NULL
);

-- Until now the orders projector kept its checkpoint in checkpoints. Its code
-- then was version 1, so what it built is carried over rather than rebuilt;
-- checkpoints stays for the other consumers of the log (reactors).
INSERT INTO projector_state (name, version, checkpoint)
	SELECT projector, 1, position FROM checkpoints
	WHERE projector = 'orders';
DELETE FROM checkpoints WHERE projector = 'orders';
