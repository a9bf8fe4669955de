-- The first schema: what db.json and the chat files held, as tables, with an index for every
-- lookup the repositories make (server/storage/postgres/*.ts). Times are timestamptz (written by
-- the server, never now()); `ord` keeps the order records were added in, where that order shows.

CREATE TABLE users (
  id text PRIMARY KEY,
  -- "C": accounts are listed in email order by code point, as the lowdb implementation sorts them.
  email text COLLATE "C" NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  features jsonb NOT NULL,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE UNIQUE INDEX users_email ON users (email);

-- The operators' audit log: appended to, never changed.
CREATE TABLE audit_log (
  ord bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  account_id text NOT NULL,
  account_email text NOT NULL,
  feature text NOT NULL,
  from_value boolean NOT NULL,
  to_value boolean NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX sessions_user ON sessions (user_id, ord);
-- The sweep deletes by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE meetings (
  id text PRIMARY KEY,
  owner_id text NOT NULL REFERENCES users (id),
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL,
  created_at timestamptz NOT NULL,
  dial_in_pin text,
  link_token text NOT NULL,
  -- Null where the record has none (meetings from before the waiting room, never ended, no removal).
  waiting_room boolean,
  ended_at timestamptz,
  -- The removals, as the records they are (always read and written with their meeting).
  removed_guests jsonb,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
-- The overview: a user's meetings by start.
CREATE INDEX meetings_owner ON meetings (owner_id, starts_at, ord);
-- A caller's PIN finds one meeting; no two meetings share a PIN.
CREATE UNIQUE INDEX meetings_dial_in_pin ON meetings (dial_in_pin);

CREATE TABLE invites (
  id text PRIMARY KEY,
  meeting_id text NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  token text NOT NULL,
  guest_name text NOT NULL,
  guest_email text NOT NULL,
  time_zone text,
  state text NOT NULL CHECK (state IN ('sent', 'failed', 'joined', 'revoked')),
  error text,
  created_at timestamptz NOT NULL,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX invites_meeting ON invites (meeting_id, ord);

-- Not tied to meetings by a foreign key: the recording service removes a deleted meeting's
-- recordings with their files, after ending one that is running.
CREATE TABLE recordings (
  id text PRIMARY KEY,
  meeting_id text NOT NULL,
  owner_id text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  duration_ms bigint NOT NULL,
  size bigint NOT NULL,
  state text NOT NULL CHECK (state IN ('recording', 'ready')),
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX recordings_meeting ON recordings (meeting_id, ord);
CREATE INDEX recordings_owner ON recordings (owner_id, ord);
CREATE INDEX recordings_unfinished ON recordings (ord) WHERE state = 'recording';

-- Chat: each meeting's messages numbered 1, 2, 3… The counter row is taken (and so locked) by
-- the statement that inserts the message, so concurrent appends from any process get one order
-- with no gaps (a failed insert rolls its number back).
CREATE TABLE chat_sequences (
  meeting_id text PRIMARY KEY,
  last_seq bigint NOT NULL
);
CREATE TABLE chat_messages (
  meeting_id text NOT NULL,
  seq bigint NOT NULL,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('text', 'file', 'bot', 'notice')),
  sender_id text NOT NULL,
  sender_name text NOT NULL,
  text text NOT NULL,
  file jsonb,
  audience text NOT NULL CHECK (audience IN ('all', 'host')),
  -- As the message carries it (the API's schema says a string).
  created_at text NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);
-- A guest's page skips the host-only notes without reading them.
CREATE INDEX chat_messages_for_everyone ON chat_messages (meeting_id, seq) WHERE audience = 'all';
-- A shared file's download finds the message that shared it.
CREATE INDEX chat_messages_files ON chat_messages (meeting_id, (file ->> 'id')) WHERE file IS NOT NULL;

-- Rate-limit windows, shared by every server process. UNLOGGED: no WAL, so counting is cheap;
-- after a crash PostgreSQL empties the table, which forgives what was counted (as a restart of
-- a lowdb server does).
CREATE UNLOGGED TABLE rate_counters (
  name text NOT NULL,
  key text NOT NULL,
  window_start bigint NOT NULL,
  window_end bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (name, key)
);
CREATE INDEX rate_counters_end ON rate_counters (window_end);
