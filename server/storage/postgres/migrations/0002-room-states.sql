-- What the host decided about a live meeting, shared by every node (repositories.ts RoomStateRepository).
CREATE TABLE meeting_locks (
  meeting_id text PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE
);

CREATE TABLE meeting_admissions (
  meeting_id text NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  key text NOT NULL,
  -- The browser or phone the key ends with, for forgetting a removed guest's admissions.
  device text NOT NULL,
  PRIMARY KEY (meeting_id, key)
);
CREATE INDEX meeting_admissions_device ON meeting_admissions (meeting_id, device);
