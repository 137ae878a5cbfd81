-- Opens of a campaign from LINE's per-unit statistics (docs/decisions/014-campaign-opens.md).
-- Every push and multicast of a campaign carries its unit (its variant's, for an A/B split),
-- named from the campaign id and variant; a worker job reads each unit's figures from
-- GET /v2/bot/insight/message/event/aggregation while they change (14 days after the send),
-- then once more, and keeps the last figures here.

-- One row per unit: written when the campaign starts, so campaigns sent before units existed
-- have none and are never read.
CREATE TABLE campaign_opens (
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  -- 0-based variant index; null for a single campaign.
  variant smallint,
  -- Recipients LINE had accepted for this unit when the figures were read (LINE's per-unit
  -- statistics give no delivered count): what the open rate is taken against.
  delivered integer,
  -- LINE's figures as last read. Null after a read: under 20 users, LINE does not report.
  unique_impressions integer,
  unique_clicks integer,
  -- The last read LINE answered; null: not read yet.
  read_at timestamptz,
  -- The last request, answered or not: a unit is asked at most every 30 minutes.
  attempted_at timestamptz,
  -- Why the last request failed, if it did.
  error text,
  UNIQUE NULLS NOT DISTINCT (campaign_id, variant)
);

-- The job's pick: a channel's units, least recently read first.
CREATE INDEX campaign_opens_due ON campaign_opens (channel_id, read_at NULLS FIRST);
