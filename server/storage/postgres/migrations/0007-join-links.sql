-- One-time join links for a named guest (issue 24): an invitation of kind 'link' (null: an email
-- invitation), kept by the first browser that enters with it, until it expires.
ALTER TABLE invites ADD COLUMN kind text;
ALTER TABLE invites ADD COLUMN bound_device text;
ALTER TABLE invites ADD COLUMN expires_at timestamptz;
