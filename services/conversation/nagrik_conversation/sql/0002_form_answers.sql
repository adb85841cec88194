-- The form being filled: answers by field id (an Aadhaar number only masked) and the submission id.
ALTER TABLE sessions ADD COLUMN answers jsonb NOT NULL DEFAULT '{}';
ALTER TABLE sessions ADD COLUMN submission_id text;
