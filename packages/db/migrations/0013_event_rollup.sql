-- Events rolled up per customer, type and day in Japan (issue 5, docs/decisions/011-segments.md):
-- event conditions over long windows ("2+ purchases of ¥5,000 or more in the last 365 days")
-- read these rows for the whole days of their window and raw events only for the partial days
-- at its ends, so the live count no longer reads a year of events with their properties.

-- The day in Japan of an instant (JST is UTC+9 all year, whatever the session's time zone).
CREATE FUNCTION kizuna_day_in_japan(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ((at AT TIME ZONE 'UTC') + interval '9 hours')::date;

-- A cell is the customer as its events name it (member, LINE user id, or both, exactly as
-- stored: a friend matches a cell as it would match each of its events), the type and the day.
-- `amounts` holds the `amount` of each of the cell's events where it is a JSON number — the
-- property marketers put thresholds on ("purchases of ¥5,000 or more") — so such a condition
-- is answered exactly from the cell: usually one event, min and max decide without unnesting.
CREATE TABLE event_days (
  type text NOT NULL,
  day date NOT NULL,
  member_id uuid,
  line_user_id text,
  events integer NOT NULL,
  amounts numeric[] NOT NULL,
  amount_min numeric,
  amount_max numeric,
  CONSTRAINT event_days_cell UNIQUE NULLS NOT DISTINCT (type, day, member_id, line_user_id)
);

-- Inserts add to their cells, one set-based upsert per statement whatever wrote the events
-- (the events API, an import, a backfill). Cells are upserted in key order, so two batches
-- touching the same cells wait for each other instead of deadlocking.
CREATE FUNCTION kizuna_event_days_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_days AS d (type, day, member_id, line_user_id, events, amounts, amount_min, amount_max)
  SELECT type, day, member_id, line_user_id, count(*),
         coalesce(array_agg(amount) FILTER (WHERE amount IS NOT NULL), '{}'), min(amount), max(amount)
  FROM (
    SELECT type, kizuna_day_in_japan(occurred_at) AS day, member_id, line_user_id,
           CASE WHEN jsonb_typeof(properties -> 'amount') = 'number'
                THEN (properties ->> 'amount')::numeric END AS amount
    FROM added_events
  ) e
  GROUP BY type, day, member_id, line_user_id
  ORDER BY type, day, member_id, line_user_id
  ON CONFLICT ON CONSTRAINT event_days_cell DO UPDATE SET
    events = d.events + excluded.events,
    amounts = d.amounts || excluded.amounts,
    amount_min = least(d.amount_min, excluded.amount_min),
    amount_max = greatest(d.amount_max, excluded.amount_max);
  RETURN NULL;
END $$;

-- Deletes (a member's data erased) and updates cannot be subtracted from a min or max: the
-- cells they touch are computed again from the events left, through the member's or the LINE
-- user's index.
CREATE FUNCTION kizuna_event_days_recount(cells jsonb) RETURNS void LANGUAGE sql AS $$
  DELETE FROM event_days d
  USING jsonb_to_recordset(cells) AS c(type text, day date, member_id uuid, line_user_id text)
  WHERE d.type = c.type AND d.day = c.day
    AND d.member_id IS NOT DISTINCT FROM c.member_id
    AND d.line_user_id IS NOT DISTINCT FROM c.line_user_id;
  INSERT INTO event_days (type, day, member_id, line_user_id, events, amounts, amount_min, amount_max)
  SELECT e.type, c.day, e.member_id, e.line_user_id, count(*),
         coalesce(array_agg(e.amount) FILTER (WHERE e.amount IS NOT NULL), '{}'),
         min(e.amount), max(e.amount)
  FROM jsonb_to_recordset(cells) AS c(type text, day date, member_id uuid, line_user_id text)
  CROSS JOIN LATERAL (
    SELECT e.type, e.member_id, e.line_user_id,
           CASE WHEN jsonb_typeof(e.properties -> 'amount') = 'number'
                THEN (e.properties ->> 'amount')::numeric END AS amount
    FROM events e
    WHERE e.type = c.type
      AND e.occurred_at >= (c.day::timestamp - interval '9 hours') AT TIME ZONE 'UTC'
      AND e.occurred_at < (c.day::timestamp + interval '15 hours') AT TIME ZONE 'UTC'
      AND e.member_id = c.member_id
      AND e.line_user_id IS NOT DISTINCT FROM c.line_user_id
    UNION ALL
    SELECT e.type, e.member_id, e.line_user_id,
           CASE WHEN jsonb_typeof(e.properties -> 'amount') = 'number'
                THEN (e.properties ->> 'amount')::numeric END AS amount
    FROM events e
    WHERE e.type = c.type
      AND e.occurred_at >= (c.day::timestamp - interval '9 hours') AT TIME ZONE 'UTC'
      AND e.occurred_at < (c.day::timestamp + interval '15 hours') AT TIME ZONE 'UTC'
      AND c.member_id IS NULL AND e.member_id IS NULL
      AND e.line_user_id = c.line_user_id
  ) e
  GROUP BY e.type, c.day, e.member_id, e.line_user_id;
$$;

CREATE FUNCTION kizuna_event_days_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kizuna_event_days_recount((
    SELECT jsonb_agg(DISTINCT jsonb_build_object('type', type, 'day', kizuna_day_in_japan(occurred_at),
                                                 'member_id', member_id, 'line_user_id', line_user_id))
    FROM removed_events));
  RETURN NULL;
END $$;

CREATE FUNCTION kizuna_event_days_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kizuna_event_days_recount((
    SELECT jsonb_agg(DISTINCT jsonb_build_object('type', type, 'day', kizuna_day_in_japan(occurred_at),
                                                 'member_id', member_id, 'line_user_id', line_user_id))
    FROM (SELECT type, occurred_at, member_id, line_user_id FROM removed_events
          UNION ALL
          SELECT type, occurred_at, member_id, line_user_id FROM added_events) touched));
  RETURN NULL;
END $$;

CREATE TRIGGER event_days_added AFTER INSERT ON events
  REFERENCING NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_event_days_added();
CREATE TRIGGER event_days_removed AFTER DELETE ON events
  REFERENCING OLD TABLE AS removed_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_event_days_removed();
CREATE TRIGGER event_days_updated AFTER UPDATE ON events
  REFERENCING OLD TABLE AS removed_events NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_event_days_updated();
CREATE FUNCTION kizuna_event_days_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE event_days;
  RETURN NULL;
END $$;
CREATE TRIGGER event_days_truncated AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION kizuna_event_days_truncated();

-- The events already stored, in type and day order: a condition reads one type's days.
INSERT INTO event_days (type, day, member_id, line_user_id, events, amounts, amount_min, amount_max)
SELECT type, day, member_id, line_user_id, count(*),
       coalesce(array_agg(amount) FILTER (WHERE amount IS NOT NULL), '{}'), min(amount), max(amount)
FROM (
  SELECT type, kizuna_day_in_japan(occurred_at) AS day, member_id, line_user_id,
         CASE WHEN jsonb_typeof(properties -> 'amount') = 'number'
              THEN (properties ->> 'amount')::numeric END AS amount
  FROM events
) e
GROUP BY type, day, member_id, line_user_id
ORDER BY type, day;

-- The partial days at a window's ends are read from raw events by type and time, not from a
-- month's partition scanned whole.
CREATE INDEX events_by_type_time ON events (type, occurred_at);
