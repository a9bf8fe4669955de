-- Recordings made on the server from Janus's own recordings (issue 19): who made the file, the
-- post-processing state between recording and ready, and why it failed.
ALTER TABLE recordings ADD COLUMN source text NOT NULL DEFAULT 'browser' CHECK (source IN ('browser', 'server'));
ALTER TABLE recordings ADD COLUMN error text;
ALTER TABLE recordings DROP CONSTRAINT recordings_state_check;
ALTER TABLE recordings ADD CONSTRAINT recordings_state_check CHECK (state IN ('recording', 'processing', 'ready', 'failed'));
DROP INDEX recordings_unfinished;
CREATE INDEX recordings_unfinished ON recordings (ord) WHERE state IN ('recording', 'processing');
