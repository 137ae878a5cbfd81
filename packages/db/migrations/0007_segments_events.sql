-- Segments (issue 5): events from the company's systems, saved segments, uploaded id lists.
-- See docs/decisions/011-segments.md.

---------------------------------------------------------------------------------------------
-- Events: what the company's systems report a customer did (POST /api/v1/events).
-- Append-only and high-volume: partitioned by month like friend_timeline.
---------------------------------------------------------------------------------------------

-- An event names its customer by the member (external id) or the LINE user id, or both: a
-- LINE user linked to a member when the event arrived gets both. A friend's events are those
-- of its LINE user id and those of its linked member, so events sent before a friend linked
-- still count after. No foreign key to members: a per-row check would slow batch inserts, and
-- deleting a member's data (APPI) deletes their events by member_id.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at timestamptz NOT NULL,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  member_id uuid,
  line_user_id text,
  properties jsonb NOT NULL DEFAULT '{}',
  -- The sender's own id: a retry with the same id and occurred_at is dropped.
  event_id text,
  api_key_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  CHECK (member_id IS NOT NULL OR line_user_id IS NOT NULL),
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
-- Rows of a month without its partition land here, never lost; ingestion makes the partitions
-- of the months it writes first, so this stays empty.
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- A friend's events of a type in a window, through its member or its LINE user id: the two
-- probes of an event condition.
CREATE INDEX events_by_member ON events (member_id, type, occurred_at) WHERE member_id IS NOT NULL;
CREATE INDEX events_by_line_user ON events (line_user_id, type, occurred_at) WHERE line_user_id IS NOT NULL;
-- Partitioned unique indexes must hold the partition key: a retry carries the same occurred_at.
CREATE UNIQUE INDEX events_sender_id ON events (event_id, occurred_at);

SELECT kizuna_ensure_monthly_partitions('events', (now() - interval '1 month')::date, 4);

---------------------------------------------------------------------------------------------
-- Saved segments
---------------------------------------------------------------------------------------------

CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text CHECK (length(description) <= 500),
  -- The condition tree, with the version of its schema (core/segments/definition.ts).
  definition jsonb NOT NULL,
  -- Saved segments and uploaded lists the definition names: a delete must not break them.
  segment_refs uuid[] NOT NULL DEFAULT '{}',
  list_refs uuid[] NOT NULL DEFAULT '{}',
  -- The count when last saved or counted, and how long it took.
  last_count integer,
  last_count_ms integer,
  last_counted_at timestamptz,
  created_by uuid REFERENCES staff_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, name)
);
CREATE INDEX segments_by_segment_ref ON segments USING gin (segment_refs);
CREATE INDEX segments_by_list_ref ON segments USING gin (list_refs);

---------------------------------------------------------------------------------------------
-- Uploaded id lists: static audiences (a CSV of member external ids or LINE user ids)
---------------------------------------------------------------------------------------------

CREATE TABLE audience_lists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  id_kind text NOT NULL CHECK (id_kind IN ('external_id', 'line_user_id')),
  file_name text,
  status text NOT NULL CHECK (status IN ('uploading', 'ready', 'failed')),
  -- Distinct ids stored, rows refused (not an id of the kind), and the first few refused.
  entries integer NOT NULL DEFAULT 0,
  rejected_rows integer NOT NULL DEFAULT 0,
  rejections jsonb NOT NULL DEFAULT '[]',
  error text,
  created_by uuid REFERENCES staff_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, name)
);

-- The ids as uploaded; matched to friends when a segment is counted, so a member who links
-- after the upload is in the audience.
CREATE TABLE audience_list_entries (
  list_id uuid NOT NULL REFERENCES audience_lists (id) ON DELETE CASCADE,
  value text NOT NULL,
  PRIMARY KEY (list_id, value)
);
