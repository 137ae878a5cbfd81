-- Matching without sign-in is limited per friend (5 failures a day); this also limits it per
-- identifier, so that many LINE accounts cannot share the guessing of one member's birthday.
ALTER TABLE link_match_attempts ADD COLUMN identifier_hash text;
CREATE INDEX link_match_attempts_by_identifier
  ON link_match_attempts (identifier_hash, attempted_at DESC)
  WHERE NOT succeeded;
