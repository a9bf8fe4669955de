-- Other sites' origins that may show an account's meetings in a frame (records.ts UserRecord.embedOrigins).
ALTER TABLE users ADD COLUMN embed_origins text[];
