-- Friends and members: tags, custom fields, notes, a timeline, inflow routes, members,
-- imports, ID links and the ways to make them, API keys and an audit trail.

-- A channel's LINE Login channel: LINE Login with bot_prompt (inflow routes, linking on the
-- company site) needs one of the same provider. Secret sealed like the others.
ALTER TABLE channels
  ADD COLUMN login_channel_id text,
  ADD COLUMN login_channel_secret_enc text,
  -- The emulator's LINE Login origin (access.line.me stand-in); NULL means LINE's own.
  ADD COLUMN login_base_url text,
  ADD COLUMN basic_id text;

---------------------------------------------------------------------------------------------
-- Tags and custom fields
---------------------------------------------------------------------------------------------

CREATE TABLE tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  color text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, name)
);

CREATE TABLE friend_tags (
  friend_id bigint NOT NULL REFERENCES friends (id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  tagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (friend_id, tag_id)
);
-- "Friends with tag X": the segment and filter path.
CREATE INDEX friend_tags_by_tag ON friend_tags (tag_id, friend_id);

CREATE TABLE custom_fields (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  -- Stable machine name: templates say {{field.key}}; labels may change.
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'single_choice', 'multi_choice')),
  choices text[] CHECK ((type IN ('single_choice', 'multi_choice')) = (choices IS NOT NULL)),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, key)
);

-- One typed column per kind, so that filters compare numbers as numbers and dates as
-- dates, through an index.
CREATE TABLE friend_field_values (
  friend_id bigint NOT NULL REFERENCES friends (id) ON DELETE CASCADE,
  field_id uuid NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
  value_text text,
  value_number numeric,
  value_date date,
  value_choices text[],
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (friend_id, field_id),
  CHECK (num_nonnulls(value_text, value_number, value_date, value_choices) = 1)
);
CREATE INDEX friend_field_values_text ON friend_field_values (field_id, value_text) WHERE value_text IS NOT NULL;
CREATE INDEX friend_field_values_number ON friend_field_values (field_id, value_number) WHERE value_number IS NOT NULL;
CREATE INDEX friend_field_values_date ON friend_field_values (field_id, value_date) WHERE value_date IS NOT NULL;
CREATE INDEX friend_field_values_choices ON friend_field_values USING gin (value_choices) WHERE value_choices IS NOT NULL;

CREATE TABLE friend_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  friend_id bigint NOT NULL REFERENCES friends (id) ON DELETE CASCADE,
  staff_user_id uuid REFERENCES staff_users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX friend_notes_by_friend ON friend_notes (friend_id, created_at DESC);

---------------------------------------------------------------------------------------------
-- Timeline: every interaction with a friend, append-only, partitioned by month
---------------------------------------------------------------------------------------------

CREATE TABLE friend_timeline (
  id bigint GENERATED ALWAYS AS IDENTITY,
  channel_id uuid NOT NULL,
  friend_id bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- followed, blocked, unblocked, message_received, message_sent, postback, link_clicked,
  -- form_answered, tag_added, tag_removed, field_changed, linked, unlinked, note_added
  kind text NOT NULL,
  -- 'friend', 'system', 'api', or 'staff:<uuid>'
  actor text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (friend_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
-- Rows of a month without its partition (clock skew, an old import) land here, never lost.
CREATE TABLE friend_timeline_default PARTITION OF friend_timeline DEFAULT;

-- Creates the monthly partitions of a table from `from_month` for `months` months.
-- The worker calls it daily for the months ahead; it is idempotent.
CREATE FUNCTION kizuna_ensure_monthly_partitions(parent regclass, from_month date, months integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  month date;
  name text;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    month := date_trunc('month', from_month)::date + make_interval(months => i);
    name := format('%s_%s', parent::text, to_char(month, 'YYYYMM'));
    IF to_regclass(name) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
        name, parent, month, (month + interval '1 month')::date);
    END IF;
  END LOOP;
END $$;

SELECT kizuna_ensure_monthly_partitions('friend_timeline', (now() - interval '1 month')::date, 4);

---------------------------------------------------------------------------------------------
-- Inflow routes (流入経路)
---------------------------------------------------------------------------------------------

CREATE TABLE inflow_routes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The public URL is /r/<code>; short, unguessable enough, URL-safe.
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{6,32}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  archived_at timestamptz,
  UNIQUE (channel_id, name)
);

CREATE TABLE inflow_route_visits (
  route_id uuid NOT NULL REFERENCES inflow_routes (id),
  visited_at timestamptz NOT NULL DEFAULT now(),
  -- Filled when the visitor signed in through LINE Login and is known.
  line_user_id text
);
CREATE INDEX inflow_route_visits_by_route ON inflow_route_visits (route_id, visited_at);

ALTER TABLE friends
  ADD COLUMN inflow_route_id uuid REFERENCES inflow_routes (id),
  ADD COLUMN member_id uuid;
CREATE INDEX friends_by_route ON friends (channel_id, inflow_route_id, followed_at);

---------------------------------------------------------------------------------------------
-- Members: the company's own customer records
---------------------------------------------------------------------------------------------

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
  email text,
  phone text,
  name text,
  birthday date,
  gender text CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  prefecture text,
  rank text,
  points integer,
  -- Further attributes, typed by member_attributes; validated before they are written.
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Matching a friend's answer (e-mail, phone) to a member.
CREATE INDEX members_email ON members (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX members_phone ON members (phone) WHERE phone IS NOT NULL;

CREATE TABLE member_attributes (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
  choices text[],
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE friends ADD CONSTRAINT friends_member_fk FOREIGN KEY (member_id) REFERENCES members (id);
-- One friend per member and channel; a member may be linked in several channels.
CREATE UNIQUE INDEX friends_one_per_member ON friends (channel_id, member_id) WHERE member_id IS NOT NULL;

-- Every link and unlink, whichever way it was made: the history behind friends.member_id.
CREATE TABLE member_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  friend_id bigint NOT NULL REFERENCES friends (id),
  member_id uuid NOT NULL REFERENCES members (id),
  action text NOT NULL CHECK (action IN ('linked', 'unlinked')),
  method text NOT NULL CHECK (method IN ('account_link', 'line_login', 'form_match', 'manual', 'api')),
  actor text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_links_by_friend ON member_links (friend_id, occurred_at DESC);
CREATE INDEX member_links_by_member ON member_links (member_id, occurred_at DESC);

-- Linked and valid friends per channel and day (JST), for the ID-link rate over time.
CREATE TABLE link_rate_daily (
  channel_id uuid NOT NULL REFERENCES channels (id),
  day date NOT NULL,
  valid_friends integer NOT NULL,
  linked_friends integer NOT NULL,
  PRIMARY KEY (channel_id, day)
);

---------------------------------------------------------------------------------------------
-- Member CSV imports: the file is kept in the database in chunks, so that any worker can
-- stream it, on PGlite and on a cluster alike, without holding it in memory.
---------------------------------------------------------------------------------------------

CREATE TABLE member_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name text NOT NULL,
  encoding text NOT NULL CHECK (encoding IN ('utf-8', 'shift_jis')),
  byte_size bigint NOT NULL DEFAULT 0,
  -- CSV header → member field, chosen in the mapping step.
  mapping jsonb,
  dry_run boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('uploading', 'uploaded', 'queued', 'running', 'done', 'failed')),
  total_rows integer NOT NULL DEFAULT 0,
  processed_rows integer NOT NULL DEFAULT 0,
  accepted_rows integer NOT NULL DEFAULT 0,
  created_rows integer NOT NULL DEFAULT 0,
  updated_rows integer NOT NULL DEFAULT 0,
  unchanged_rows integer NOT NULL DEFAULT 0,
  rejected_rows integer NOT NULL DEFAULT 0,
  error text,
  created_by uuid REFERENCES staff_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);

CREATE TABLE member_import_chunks (
  import_id uuid NOT NULL REFERENCES member_imports (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (import_id, seq)
);

CREATE TABLE member_import_rejections (
  import_id uuid NOT NULL REFERENCES member_imports (id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  reason text NOT NULL,
  raw text NOT NULL,
  PRIMARY KEY (import_id, row_number)
);

---------------------------------------------------------------------------------------------
-- ID linking flows
---------------------------------------------------------------------------------------------

-- Account link (Messaging API): the nonce Kizuna issued after the member signed in,
-- waiting for LINE's accountLink event.
CREATE TABLE account_link_nonces (
  nonce text PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  line_user_id text NOT NULL,
  member_id uuid NOT NULL REFERENCES members (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- LINE Login round trips (inflow routes, linking on the company site): state, nonce and
-- PKCE verifier, single use, short-lived.
CREATE TABLE login_states (
  state text PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES channels (id),
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('inflow_route', 'site_login', 'account_link')),
  route_id uuid REFERENCES inflow_routes (id),
  member_id uuid REFERENCES members (id),
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Signed auto-login links: single use is enforced by recording the token id here.
CREATE TABLE auto_login_tokens (
  jti text PRIMARY KEY,
  member_id uuid NOT NULL REFERENCES members (id),
  friend_id bigint NOT NULL REFERENCES friends (id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Matching without sign-in: failed attempts per friend, to stop guessing.
CREATE TABLE link_match_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  friend_id bigint NOT NULL REFERENCES friends (id),
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_match_attempts_by_friend ON link_match_attempts (friend_id, attempted_at DESC);

---------------------------------------------------------------------------------------------
-- Public API keys and the audit trail
---------------------------------------------------------------------------------------------

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The key is shown once; only its SHA-256 is kept. The prefix identifies it in lists.
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES staff_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- 'staff:<uuid>', 'api_key:<uuid>', 'friend', 'system'
  actor text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_time ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id, occurred_at DESC);
