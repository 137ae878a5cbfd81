-- A multicast LINE refuses (400) for some of its recipients by name — `to[i]`, "Must be a valid
-- user ID", a friend imported with a malformed id — must not fail the others (issue 5). Those
-- recipients fail on their own and the batch goes again without them, under a new retry key.
-- See docs/decisions/010-campaign-delivery-pipeline.md.

-- LINE's words for a recipient it refused by name; such a recipient has failed whatever its
-- batch's outcome, and is no longer part of the batch's request. No default: no row rewritten.
ALTER TABLE deliveries ADD COLUMN refused text;

-- The result page's breakdown finds a campaign's few refused recipients without reading the rest.
CREATE INDEX deliveries_refused ON deliveries (campaign_id) WHERE refused IS NOT NULL;

CREATE OR REPLACE VIEW campaign_recipients AS
SELECT d.campaign_id, d.seq, d.friend_id,
  CASE
    WHEN d.skip_reason IS NOT NULL THEN 'skipped'
    WHEN d.refused IS NOT NULL THEN 'failed'
    WHEN b.id IS NULL THEN 'pending'
    ELSE b.status
  END AS status,
  coalesce(d.skip_reason, CASE WHEN d.refused IS NOT NULL THEN 'line_rejected' END, b.reason)
    AS reason,
  b.id AS batch_id,
  b.sent_at
FROM deliveries d
LEFT JOIN LATERAL (
  SELECT lb.id, lb.status, lb.reason, lb.sent_at, lb.seq_to
  FROM delivery_batches lb
  WHERE lb.campaign_id = d.campaign_id AND lb.seq_from <= d.seq
  ORDER BY lb.seq_from DESC
  LIMIT 1
) b ON b.seq_to >= d.seq AND d.skip_reason IS NULL;
