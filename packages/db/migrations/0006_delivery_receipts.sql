-- Each friend a campaign reached gets a `message_sent` entry in their timeline (detail
-- campaignId), written once when the campaign is done: segments select on "received campaign X"
-- from the timeline, and a friend's page shows it. This marks the campaigns already written.
ALTER TABLE campaigns ADD COLUMN receipts_recorded_at timestamptz;
-- Campaigns finished before this migration are left as they were.
UPDATE campaigns SET receipts_recorded_at = now() WHERE status IN ('done', 'failed', 'cancelled');
CREATE INDEX campaigns_receipts_due ON campaigns (channel_id) WHERE status = 'done' AND receipts_recorded_at IS NULL;
