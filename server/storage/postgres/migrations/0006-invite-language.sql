-- The language of the guest's invitation email (shared/locales.ts); null: English, as before languages.
ALTER TABLE invites ADD COLUMN language text;
