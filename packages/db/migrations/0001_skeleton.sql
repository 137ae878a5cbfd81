-- Walking skeleton: staff and sessions, channels, friends, the webhook inbox, broadcasts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE staff_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'operator')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_email_key ON staff_users (lower(email));
-- At most one owner: the first-visit setup races safely on this index.
CREATE UNIQUE INDEX staff_users_one_owner ON staff_users (role) WHERE role = 'owner';

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  staff_user_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_expires_at ON staff_sessions (expires_at);

CREATE TABLE channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  line_channel_id text NOT NULL UNIQUE,
  name text NOT NULL,
  -- AES-256-GCM envelopes (see core/security/secret-box.ts), never plain text.
  secret_enc text NOT NULL,
  access_token_enc text NOT NULL,
  -- NULL means the real LINE Platform; otherwise the emulator's origin.
  api_base_url text,
  bot_user_id text,
  picture_url text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE friends (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  line_user_id text NOT NULL,
  display_name text,
  picture_url text,
  status_message text,
  language text,
  status text NOT NULL CHECK (status IN ('following', 'blocked')),
  followed_at timestamptz NOT NULL,
  blocked_at timestamptz,
  -- NULL asks the worker to fetch the LINE profile (set on every follow).
  profile_fetched_at timestamptz,
  -- Timestamp of the newest follow/unfollow applied, so out-of-order events cannot regress status.
  status_changed_at timestamptz NOT NULL,
  UNIQUE (channel_id, line_user_id)
);
-- Keyset pagination of the friend list, newest first, with and without a status filter.
CREATE INDEX friends_list ON friends (channel_id, followed_at DESC, id DESC);
CREATE INDEX friends_list_by_status ON friends (channel_id, status, followed_at DESC, id DESC);
-- Substring search on names (ILIKE '%…%') at a million rows.
CREATE INDEX friends_profile_due ON friends (channel_id, id) WHERE profile_fetched_at IS NULL AND status = 'following';
CREATE INDEX friends_display_name_trgm ON friends USING gin (display_name gin_trgm_ops);

-- Durable inbox: the webhook route stores events here and answers; workers process them.
CREATE TABLE webhook_events (
  channel_id uuid NOT NULL REFERENCES channels (id),
  webhook_event_id text NOT NULL,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (channel_id, webhook_event_id)
);
CREATE INDEX webhook_events_pending ON webhook_events (occurred_at) WHERE processed_at IS NULL;
-- Retention: processed events are purged after a while, oldest first.
CREATE INDEX webhook_events_processed ON webhook_events (processed_at) WHERE processed_at IS NOT NULL;

CREATE TABLE broadcasts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  messages jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'done', 'failed')),
  created_by uuid REFERENCES staff_users (id),
  -- Counters kept in the same transaction as the deliveries they count, so that
  -- progress is read without scanning a million delivery rows.
  recipients integer NOT NULL DEFAULT 0,
  sent integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX broadcasts_by_channel ON broadcasts (channel_id, created_at DESC);
CREATE INDEX broadcasts_active ON broadcasts (created_at) WHERE status IN ('queued', 'sending');

-- A multicast request: its retry key is committed before the request is sent, so a
-- sender killed mid-request resends with the same key and LINE answers 409, not twice.
CREATE TABLE delivery_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  broadcast_id uuid NOT NULL REFERENCES broadcasts (id),
  retry_key uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- Whoever sends holds the batch until then; after it, another sender may resend it.
  lease_until timestamptz NOT NULL,
  request_id text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX delivery_batches_sending ON delivery_batches (broadcast_id, lease_until) WHERE status = 'sending';

-- One row per recipient, snapshotted when the broadcast starts.
CREATE TABLE deliveries (
  broadcast_id uuid NOT NULL REFERENCES broadcasts (id),
  friend_id bigint NOT NULL REFERENCES friends (id),
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  batch_id uuid REFERENCES delivery_batches (id),
  reason text,
  PRIMARY KEY (broadcast_id, friend_id)
);
CREATE INDEX deliveries_open ON deliveries (broadcast_id, friend_id) WHERE status IN ('pending', 'sending');
CREATE INDEX deliveries_by_batch ON deliveries (batch_id) WHERE batch_id IS NOT NULL;

-- Each worker process says it is alive every few seconds; /healthz reads this.
CREATE TABLE worker_heartbeats (
  worker_id text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  beat_at timestamptz NOT NULL
);
