-- Accounts' webhook endpoints and the deliveries to them (repositories.ts WebhookRepository):
-- the queue every node works on (claimed with FOR UPDATE SKIP LOCKED) and the log.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url text NOT NULL,
  events text[] NOT NULL,
  secret text NOT NULL,
  description text NOT NULL,
  created_at timestamptz NOT NULL,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, ord);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event text NOT NULL,
  body text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  response_status integer,
  error text,
  delivered_at timestamptz,
  ord bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, ord);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
