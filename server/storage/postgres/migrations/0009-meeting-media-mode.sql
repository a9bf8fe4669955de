-- A meeting pinned to the mesh or the SFU (issue 19); null: auto.
ALTER TABLE meetings ADD COLUMN media_mode text CHECK (media_mode IN ('auto', 'mesh', 'sfu'));
