-- Keys for the public API (repositories.ts ApiKeyRepository): only the SHA-256 hash of a key is kept.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  -- Null: an operator's key for the whole server.
  user_id text REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX api_keys_user ON api_keys (user_id, ord);
