-- Campaigns and the delivery pipeline (issue 5): the skeleton's broadcasts become campaigns
-- (scheduled, with an audience, personalised messages and per-campaign stats); recipients are
-- snapshotted in send order and sent in batches that cover ranges of them; one sender per
-- channel holds a lease; channels get delivery settings (plan, quota limit, frequency cap,
-- quiet hours). See docs/decisions/010-campaign-delivery-pipeline.md.

---------------------------------------------------------------------------------------------
-- Campaigns
---------------------------------------------------------------------------------------------

ALTER TABLE broadcasts RENAME TO campaigns;
ALTER INDEX broadcasts_pkey RENAME TO campaigns_pkey;
ALTER INDEX broadcasts_by_channel RENAME TO campaigns_by_channel;
DROP INDEX broadcasts_active;
ALTER TABLE campaigns RENAME CONSTRAINT broadcasts_channel_id_fkey TO campaigns_channel_id_fkey;
ALTER TABLE campaigns RENAME CONSTRAINT broadcasts_created_by_fkey TO campaigns_created_by_fkey;
ALTER TABLE campaigns DROP CONSTRAINT broadcasts_status_check;
ALTER TABLE campaigns RENAME COLUMN sent TO accepted;
ALTER TABLE campaigns RENAME COLUMN skipped TO skipped_blocked;
ALTER TABLE campaigns
  ADD COLUMN name text CHECK (length(name) <= 100),
  -- Who it goes to: {"type": "all_friends"} for now; a segment or an uploaded audience and
  -- exclusion segments later. Snapshotted by type (packages/db/src/campaigns/audience.ts).
  ADD COLUMN audience jsonb NOT NULL DEFAULT '{"type": "all_friends"}',
  -- When it may start; "send now" is the time it was created. A worker starts it once, in
  -- the transaction that snapshots its audience, so it fires once across restarts.
  ADD COLUMN scheduled_at timestamptz,
  ADD COLUMN skipped_capped integer NOT NULL DEFAULT 0,
  ADD COLUMN skipped_quiet_hours integer NOT NULL DEFAULT 0,
  -- The sender's cursor: recipients before it are in batches (or skipped).
  ADD COLUMN next_seq integer NOT NULL DEFAULT 1,
  -- Set while quiet hours hold it back, for the admin UI.
  ADD COLUMN held_until timestamptz,
  -- Why it failed before sending anything (the quota guard), as a code and its numbers.
  ADD COLUMN error text,
  ADD COLUMN error_detail jsonb;
UPDATE campaigns SET scheduled_at = created_at;
-- Sends the skeleton had under way cannot be resumed by the new pipeline (their batches
-- have another shape); drain the queue before upgrading. Their counts stay.
UPDATE campaigns
  SET status = 'failed', error = 'interrupted_by_upgrade', finished_at = now()
  WHERE status = 'sending';
ALTER TABLE campaigns
  ALTER COLUMN scheduled_at SET NOT NULL,
  ALTER COLUMN scheduled_at SET DEFAULT now(),
  ADD CONSTRAINT campaigns_status_check
    CHECK (status IN ('scheduled', 'queued', 'sending', 'done', 'failed', 'cancelled'));
CREATE INDEX campaigns_due ON campaigns (scheduled_at) WHERE status IN ('scheduled', 'queued');
CREATE INDEX campaigns_sending ON campaigns (channel_id, scheduled_at) WHERE status = 'sending';

-- The skeleton's per-recipient rows, kept for the record; nothing reads them any more.
ALTER TABLE deliveries RENAME TO legacy_broadcast_deliveries;
ALTER TABLE legacy_broadcast_deliveries RENAME COLUMN broadcast_id TO campaign_id;
ALTER INDEX deliveries_pkey RENAME TO legacy_broadcast_deliveries_pkey;
DROP INDEX deliveries_open;
DROP INDEX deliveries_by_batch;
ALTER TABLE delivery_batches RENAME TO legacy_broadcast_batches;
ALTER TABLE legacy_broadcast_batches RENAME COLUMN broadcast_id TO campaign_id;
ALTER INDEX delivery_batches_pkey RENAME TO legacy_broadcast_batches_pkey;
ALTER INDEX delivery_batches_retry_key_key RENAME TO legacy_broadcast_batches_retry_key_key;
DROP INDEX delivery_batches_sending;

---------------------------------------------------------------------------------------------
-- Recipients and batches
---------------------------------------------------------------------------------------------

-- One row per recipient, written once by the snapshot (INSERT … SELECT) in send order: `seq`
-- puts friends who will receive the same rendered payload next to each other, so that a
-- batch is a range of seq. A recipient's outcome is its batch's (see campaign_recipients);
-- only skipped recipients are marked here. No foreign keys: their per-row triggers would
-- cost a million-recipient snapshot several seconds (campaigns and friends are not deleted
-- while recipients point at them).
CREATE TABLE deliveries (
  campaign_id uuid NOT NULL,
  seq integer NOT NULL,
  friend_id bigint NOT NULL,
  skip_reason text CHECK (skip_reason IN ('blocked', 'capped', 'quiet_hours')),
  PRIMARY KEY (campaign_id, seq)
);

-- One request to LINE — a multicast to a range of recipients with one payload, or a push to
-- one — committed with its retry key before it is sent: a sender killed mid-request is
-- replaced by one that resends it unchanged, and LINE answers 409 if it had taken it.
-- `unsendable` batches record recipients whose payload could not be rendered; never sent.
CREATE TABLE delivery_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id),
  channel_id uuid NOT NULL REFERENCES channels (id),
  kind text NOT NULL CHECK (kind IN ('multicast', 'push', 'unsendable')),
  seq_from integer NOT NULL,
  seq_to integer NOT NULL CHECK (seq_to >= seq_from),
  -- Recipients in the range who were not skipped: what LINE counts against the quota.
  recipients integer NOT NULL CHECK (recipients > 0),
  -- A personalised batch's rendered messages; NULL means the campaign's own.
  messages jsonb,
  retry_key uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  status text NOT NULL CHECK (status IN ('sending', 'accepted', 'failed')),
  -- Attempts made; after a 429/5xx the next waits until retry_at.
  attempts integer NOT NULL DEFAULT 0,
  retry_at timestamptz NOT NULL DEFAULT now(),
  request_id text,
  -- A failure reason code (core FAILURE_REASONS) and LINE's words.
  reason text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX delivery_batches_by_campaign ON delivery_batches (campaign_id, seq_from);
CREATE INDEX delivery_batches_sending ON delivery_batches (channel_id, retry_at) WHERE status = 'sending';
-- The month's tally for the quota guard and the frequency cap's look-back.
CREATE INDEX delivery_batches_accepted ON delivery_batches (channel_id, sent_at) WHERE status = 'accepted';

-- Each recipient with its outcome: skipped by its own mark, else its batch's status
-- (`pending` before it is in a batch). For reports, segments and support, not the sender.
CREATE VIEW campaign_recipients AS
SELECT d.campaign_id, d.seq, d.friend_id,
  CASE
    WHEN d.skip_reason IS NOT NULL THEN 'skipped'
    WHEN b.id IS NULL THEN 'pending'
    ELSE b.status
  END AS status,
  coalesce(d.skip_reason, b.reason) AS reason,
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

---------------------------------------------------------------------------------------------
-- One sender per channel
---------------------------------------------------------------------------------------------

-- The worker holding a channel's lease is its only sender, so LINE's per-channel rate
-- limits hold with any number of workers. It renews the lease while it sends; when it stops
-- renewing (killed), another worker takes the channel over after lease_until.
CREATE TABLE channel_senders (
  channel_id uuid PRIMARY KEY REFERENCES channels (id),
  holder text NOT NULL,
  lease_until timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);

---------------------------------------------------------------------------------------------
-- Delivery settings per channel (a channel without a row uses the defaults in core)
---------------------------------------------------------------------------------------------

CREATE TABLE channel_delivery_settings (
  channel_id uuid PRIMARY KEY REFERENCES channels (id),
  -- communication | light | standard | custom (then custom_plan holds fee, messages, bands).
  plan text NOT NULL DEFAULT 'standard' CHECK (plan IN ('communication', 'light', 'standard', 'custom')),
  custom_plan jsonb,
  -- Kizuna's own ceiling on messages a month, beside LINE's quota.
  monthly_limit integer CHECK (monthly_limit >= 0),
  frequency_cap_count integer CHECK (frequency_cap_count > 0),
  frequency_cap_hours integer CHECK (frequency_cap_hours > 0),
  quiet_hours_start text CHECK (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_hours_end text CHECK (quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_hours_mode text NOT NULL DEFAULT 'hold' CHECK (quiet_hours_mode IN ('hold', 'skip')),
  time_zone text NOT NULL DEFAULT 'Asia/Tokyo',
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((frequency_cap_count IS NULL) = (frequency_cap_hours IS NULL)),
  CHECK ((quiet_hours_start IS NULL) = (quiet_hours_end IS NULL))
);
