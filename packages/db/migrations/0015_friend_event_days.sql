-- Events counted per friend, type and day in Japan (issue 5, docs/decisions/011-segments.md).
-- The rollup of 0013 kept one row per customer as the events name it, so every event condition
-- still matched customers to friends (two hash joins against a million friends): two thirds of
-- a year-long count. These rows are already the friend's: a condition sums them by friend.
--
-- A friend's events are those of its LINE user id and those of its linked member, an event
-- that is both counted once. What changes that set keeps the rows exact in the same
-- transaction: events written, erased or corrected; a friend added (a LINE user who sent events
-- before following); a friend linked, unlinked or relinked; a friend deleted.

DROP TRIGGER event_days_added ON events;
DROP TRIGGER event_days_removed ON events;
DROP TRIGGER event_days_updated ON events;
DROP TRIGGER event_days_truncated ON events;
DROP FUNCTION kizuna_event_days_added();
DROP FUNCTION kizuna_event_days_removed();
DROP FUNCTION kizuna_event_days_updated();
DROP FUNCTION kizuna_event_days_truncated();
DROP FUNCTION kizuna_event_days_recount(jsonb);
DROP TABLE event_days;

-- Friends by LINE user id or by member, in any channel: events name neither a channel nor a
-- friend.
CREATE INDEX friends_by_line_user ON friends (line_user_id);
CREATE INDEX friends_by_member ON friends (member_id) WHERE member_id IS NOT NULL;

-- The `amount` of an event where it is a JSON number: the property marketers put thresholds on
-- ("purchases of ¥5,000 or more"), kept per event so that such a condition is answered exactly.
CREATE FUNCTION kizuna_event_amount(properties jsonb) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN jsonb_typeof(properties -> 'amount') = 'number'
              THEN (properties ->> 'amount')::numeric END;

-- One row per friend, type and day: a condition reads one channel's type over a range of days,
-- index-only for plain counts. No foreign key to friends (ten million checks on a backfill): a
-- trigger below deletes a deleted friend's rows.
CREATE TABLE friend_event_days (
  channel_id uuid NOT NULL,
  type text NOT NULL,
  day date NOT NULL,
  friend_id bigint NOT NULL,
  events integer NOT NULL,
  amounts numeric[] NOT NULL,
  amount_min numeric,
  amount_max numeric,
  PRIMARY KEY (channel_id, type, day, friend_id) INCLUDE (events)
);
CREATE INDEX friend_event_days_by_friend ON friend_event_days (friend_id);

-- A friend's rows and the events they are made from are written in turn by two kinds of
-- transaction: event writes (rows of the friends that exist) and friend changes (rows from the
-- events that exist). Without an order between them, an event written while its LINE user
-- follows or its member links would be missed by both. Event writes take ROW EXCLUSIVE on this
-- table, friend changes SHARE ROW EXCLUSIVE, each before it reads: whichever comes second sees
-- what the first committed. A friend change makes its rows at COMMIT (a deferred trigger), so it
-- holds that lock only while it does, never while its transaction goes on to wait for rows
-- others hold (a webhook batch, a link): no deadlock, and event writes wait only for commits.

-- The rows of some events for the friends they belong to, one per friend, type and day.
CREATE FUNCTION kizuna_friend_event_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE friend_event_days IN ROW EXCLUSIVE MODE;
  INSERT INTO friend_event_days AS d
    (channel_id, type, day, friend_id, events, amounts, amount_min, amount_max)
  SELECT channel_id, type, day, friend_id, count(*),
         coalesce(array_agg(amount) FILTER (WHERE amount IS NOT NULL), '{}'), min(amount), max(amount)
  FROM (
    SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at) AS day, f.id AS friend_id,
           kizuna_event_amount(e.properties) AS amount
    FROM added_events e JOIN friends f ON f.line_user_id = e.line_user_id
    UNION ALL
    SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at), f.id,
           kizuna_event_amount(e.properties)
    FROM added_events e JOIN friends f ON f.member_id = e.member_id
    WHERE f.line_user_id IS DISTINCT FROM e.line_user_id
  ) m
  GROUP BY channel_id, type, day, friend_id
  -- In key order, so two batches on the same rows wait for each other instead of deadlocking.
  ORDER BY channel_id, type, day, friend_id
  ON CONFLICT (channel_id, type, day, friend_id) DO UPDATE SET
    events = d.events + excluded.events,
    amounts = d.amounts || excluded.amounts,
    amount_min = least(d.amount_min, excluded.amount_min),
    amount_max = greatest(d.amount_max, excluded.amount_max);
  RETURN NULL;
END $$;

-- Rows counted again from the events left, for erasures and corrections: a least or greatest
-- cannot be subtracted from. `cells` is a JSON array of {channel_id, type, day, friend_id}.
CREATE FUNCTION kizuna_friend_event_days_recount(cells jsonb) RETURNS void LANGUAGE sql AS $$
  DELETE FROM friend_event_days d
  USING jsonb_to_recordset(cells) AS c(channel_id uuid, type text, day date, friend_id bigint)
  WHERE d.channel_id = c.channel_id AND d.type = c.type AND d.day = c.day
    AND d.friend_id = c.friend_id;
  INSERT INTO friend_event_days
    (channel_id, type, day, friend_id, events, amounts, amount_min, amount_max)
  SELECT f.channel_id, c.type, c.day, f.id, count(*),
         coalesce(array_agg(e.amount) FILTER (WHERE e.amount IS NOT NULL), '{}'),
         min(e.amount), max(e.amount)
  FROM jsonb_to_recordset(cells) AS c(channel_id uuid, type text, day date, friend_id bigint)
  JOIN friends f ON f.id = c.friend_id
  CROSS JOIN LATERAL (
    SELECT kizuna_event_amount(e.properties) AS amount FROM events e
    WHERE e.line_user_id = f.line_user_id AND e.type = c.type
      AND e.occurred_at >= (c.day::timestamp - interval '9 hours') AT TIME ZONE 'UTC'
      AND e.occurred_at < (c.day::timestamp + interval '15 hours') AT TIME ZONE 'UTC'
    UNION ALL
    SELECT kizuna_event_amount(e.properties) FROM events e
    WHERE e.member_id = f.member_id AND e.type = c.type
      AND e.line_user_id IS DISTINCT FROM f.line_user_id
      AND e.occurred_at >= (c.day::timestamp - interval '9 hours') AT TIME ZONE 'UTC'
      AND e.occurred_at < (c.day::timestamp + interval '15 hours') AT TIME ZONE 'UTC'
  ) e
  GROUP BY f.channel_id, c.type, c.day, f.id;
$$;

-- The rows a set of changed events touch: of the friends each belonged to. Erasures and
-- corrections are rare: they take the friend changes' lock, so that two of them counting the
-- same row again, or one and a batch adding to it, wait for each other.
CREATE FUNCTION kizuna_friend_event_days_touched() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE friend_event_days IN SHARE ROW EXCLUSIVE MODE;
  PERFORM kizuna_friend_event_days_recount((
    SELECT jsonb_agg(DISTINCT jsonb_build_object('channel_id', f.channel_id, 'type', e.type,
                                                 'day', kizuna_day_in_japan(e.occurred_at),
                                                 'friend_id', f.id))
    FROM (SELECT type, occurred_at, member_id, line_user_id FROM removed_events
          UNION ALL
          SELECT type, occurred_at, member_id, line_user_id FROM added_events) e
    JOIN friends f ON f.line_user_id = e.line_user_id OR f.member_id = e.member_id));
  RETURN NULL;
END $$;

-- The same for deleted events, which have no new rows.
CREATE FUNCTION kizuna_friend_event_days_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE friend_event_days IN SHARE ROW EXCLUSIVE MODE;
  PERFORM kizuna_friend_event_days_recount((
    SELECT jsonb_agg(DISTINCT jsonb_build_object('channel_id', f.channel_id, 'type', e.type,
                                                 'day', kizuna_day_in_japan(e.occurred_at),
                                                 'friend_id', f.id))
    FROM removed_events e
    JOIN friends f ON f.line_user_id = e.line_user_id OR f.member_id = e.member_id));
  RETURN NULL;
END $$;

CREATE TRIGGER friend_event_days_added AFTER INSERT ON events
  REFERENCING NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_added();
CREATE TRIGGER friend_event_days_removed AFTER DELETE ON events
  REFERENCING OLD TABLE AS removed_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_removed();
CREATE TRIGGER friend_event_days_updated AFTER UPDATE ON events
  REFERENCING OLD TABLE AS removed_events NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_touched();

CREATE FUNCTION kizuna_friend_event_days_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE friend_event_days;
  RETURN NULL;
END $$;
CREATE TRIGGER friend_event_days_truncated AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_cleared();
CREATE TRIGGER friend_event_days_truncated AFTER TRUNCATE ON friends
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_cleared();

-- Friends added, linked, unlinked or relinked in a transaction, made (again) at its COMMIT: one
-- row per transaction, holding the friends' ids.
CREATE TABLE friend_event_days_stale (
  xact xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
  added bigint[] NOT NULL DEFAULT '{}',
  relinked bigint[] NOT NULL DEFAULT '{}'
);

-- New friends: the events their LINE user or member sent before.
CREATE FUNCTION kizuna_friend_event_days_followed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO friend_event_days_stale AS s (added)
  SELECT array_agg(id) FROM added_friends HAVING count(*) > 0
  ON CONFLICT (xact) DO UPDATE SET added = s.added || excluded.added;
  RETURN NULL;
END $$;
CREATE TRIGGER friend_event_days_followed AFTER INSERT ON friends
  REFERENCING NEW TABLE AS added_friends
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_followed();

-- A friend linked, unlinked or relinked: its rows made again from its events. Per row (a column
-- list keeps it off every other update of friends, and allows no transition table).
CREATE FUNCTION kizuna_friend_event_days_relinked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO friend_event_days_stale AS s (relinked) VALUES (ARRAY[NEW.id])
  ON CONFLICT (xact) DO UPDATE SET relinked = s.relinked || excluded.relinked;
  RETURN NULL;
END $$;
CREATE TRIGGER friend_event_days_relinked AFTER UPDATE OF member_id, line_user_id ON friends
  FOR EACH ROW
  WHEN (OLD.member_id IS DISTINCT FROM NEW.member_id OR OLD.line_user_id IS DISTINCT FROM NEW.line_user_id)
  EXECUTE FUNCTION kizuna_friend_event_days_relinked();

-- At COMMIT: the transaction's friends, their rows made from their events. The first firing takes
-- the row and does it all; later firings (one per append) find nothing.
CREATE FUNCTION kizuna_friend_event_days_rebuilt() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stale friend_event_days_stale;
BEGIN
  DELETE FROM friend_event_days_stale WHERE xact = pg_current_xact_id() RETURNING * INTO stale;
  IF stale IS NULL THEN RETURN NULL; END IF;
  LOCK TABLE friend_event_days IN SHARE ROW EXCLUSIVE MODE;
  -- Only friends that were there before have rows to replace; new ones have none.
  DELETE FROM friend_event_days d USING (SELECT DISTINCT unnest(stale.relinked) AS id) f
  WHERE d.friend_id = f.id;
  INSERT INTO friend_event_days
    (channel_id, type, day, friend_id, events, amounts, amount_min, amount_max)
  SELECT channel_id, type, day, friend_id, count(*),
         coalesce(array_agg(amount) FILTER (WHERE amount IS NOT NULL), '{}'), min(amount), max(amount)
  FROM (
    SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at) AS day, f.id AS friend_id,
           kizuna_event_amount(e.properties) AS amount
    FROM (SELECT DISTINCT unnest(stale.added || stale.relinked) AS id) i
    JOIN friends f ON f.id = i.id JOIN events e ON e.line_user_id = f.line_user_id
    UNION ALL
    SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at), f.id,
           kizuna_event_amount(e.properties)
    FROM (SELECT DISTINCT unnest(stale.added || stale.relinked) AS id) i
    JOIN friends f ON f.id = i.id JOIN events e ON e.member_id = f.member_id
    WHERE e.line_user_id IS DISTINCT FROM f.line_user_id
  ) m
  GROUP BY channel_id, type, day, friend_id;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER friend_event_days_rebuilt AFTER INSERT OR UPDATE ON friend_event_days_stale
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION kizuna_friend_event_days_rebuilt();

-- Deleted friends (rare): their rows go, under the friend changes' lock, so that no batch adding
-- to them is in flight.
CREATE FUNCTION kizuna_friend_event_days_unfriended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE friend_event_days IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM friend_event_days d USING removed_friends f WHERE d.friend_id = f.id;
  RETURN NULL;
END $$;
CREATE TRIGGER friend_event_days_unfriended AFTER DELETE ON friends
  REFERENCING OLD TABLE AS removed_friends
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_friend_event_days_unfriended();

-- The events already stored, in key order.
INSERT INTO friend_event_days
  (channel_id, type, day, friend_id, events, amounts, amount_min, amount_max)
SELECT channel_id, type, day, friend_id, count(*),
       coalesce(array_agg(amount) FILTER (WHERE amount IS NOT NULL), '{}'), min(amount), max(amount)
FROM (
  SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at) AS day, f.id AS friend_id,
         kizuna_event_amount(e.properties) AS amount
  FROM events e JOIN friends f ON f.line_user_id = e.line_user_id
  UNION ALL
  SELECT f.channel_id, e.type, kizuna_day_in_japan(e.occurred_at), f.id,
         kizuna_event_amount(e.properties)
  FROM events e JOIN friends f ON f.member_id = e.member_id
  WHERE f.line_user_id IS DISTINCT FROM e.line_user_id
) m
GROUP BY channel_id, type, day, friend_id
ORDER BY channel_id, type, day, friend_id;
