-- An A/B split's recipients, skips and refusals per variant, kept as they change (issue 5):
-- the campaign list and the result page read them on every load, and counting a
-- million-recipient split's rows by variant took ~120 ms each time. Written by the snapshot
-- (with those over the frequency cap skipped), then moved in the transactions that skip a
-- recipient (blocked since the snapshot, quiet hours) or mark one refused by LINE by name.
-- See docs/decisions/010-campaign-delivery-pipeline.md.
CREATE TABLE campaign_variant_counts (
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  variant smallint NOT NULL,
  recipients integer NOT NULL,
  skipped integer NOT NULL DEFAULT 0,
  refused integer NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, variant)
);

-- Splits started before this: counted once from their recipients.
INSERT INTO campaign_variant_counts (campaign_id, variant, recipients, skipped, refused)
SELECT d.campaign_id, d.variant, count(*), count(d.skip_reason), count(d.refused)
FROM deliveries d
JOIN campaigns c ON c.id = d.campaign_id
WHERE d.variant IS NOT NULL
GROUP BY d.campaign_id, d.variant;
