import {
  type CheckedCondition,
  type CheckedNode,
  type CountTest,
  dayInJapan,
  type EventCondition,
  latestBirthdayForAge,
  MESSAGE_ACTION_KINDS,
  type PropertyPredicate,
  type ResolvedWindow,
  resolveWindow,
  startOfDayInJapan,
  type TimeWindow,
  type ValueTest,
  type ValueType,
} from "@kizuna/core/segments";
import { type RawBuilder, type SqlBool, sql } from "kysely";

/** What a compiled condition is relative to: the channel, and the instant windows end at. */
export interface SegmentContext {
  channelId: string;
  /** "The last 30 days" and ages are seen from here; a parameter, so tests can fix it. */
  now: Date;
  /**
   * Count event conditions from raw events only, never from the per-friend daily rows: the bench's
   * baseline and the property test's second path. The two always give the same friends.
   */
  rawEventsOnly?: boolean;
}

type Sql = RawBuilder<unknown>;

const TRUE: Sql = sql`TRUE`;
const FALSE: Sql = sql`FALSE`;

/**
 * Per-friend counts that behaviour and event conditions read: `SELECT fid, n` grouped by
 * friend, joined to `friends` by `LEFT JOIN (…) <alias> ON <alias>.fid = friends.id`.
 */
export interface CountJoin {
  alias: string;
  counts: RawBuilder<{ fid: string; n: number }>;
}

/** A checked segment as SQL over `friends` (the table, unaliased) and its count joins. */
export interface CompiledSegment {
  joins: CountJoin[];
  where: RawBuilder<SqlBool>;
}

interface State extends SegmentContext {
  joins: CountJoin[];
}

/**
 * Compiles a checked segment into one condition on the row `friends` plus the count joins it
 * reads. Every operand is a bound parameter; identifiers come only from the fixed expressions
 * below (and aliases the compiler numbers), never from the definition. Every part is two-valued
 * (never NULL), so that NOT means "not in".
 *
 * Conditions on what a friend has a few of (tags, field values, list entries, the member row)
 * are EXISTS subqueries: in the top-level AND PostgreSQL runs them as semi-joins, set-wise, and
 * under OR or NOT as an index probe per friend. Behaviour in LINE and events — what a friend may
 * have thousands of, in tables of tens of millions — are counted set-wise, once per condition,
 * grouped by friend and hash-joined: linear whatever AND, OR or NOT they sit under (a probe per
 * friend into ten million events took 29 s for a million friends; see bench/segments.ts).
 */
export function compileSegment(root: CheckedNode, context: SegmentContext): CompiledSegment {
  const state: State = { ...context, joins: [] };
  const where = sql<SqlBool>`(friends.channel_id = ${context.channelId} AND ${node(root, state)})`;
  return { joins: state.joins, where };
}

/**
 * The segment as one condition on `friends`, for queries that only take a condition (the
 * friend list's filter has no behaviour or event conditions, so it never needs joins).
 */
export function segmentCondition(root: CheckedNode, context: SegmentContext): RawBuilder<SqlBool> {
  const compiled = compileSegment(root, context);
  if (compiled.joins.length === 0) return compiled.where;
  return sql<SqlBool>`friends.id IN (SELECT friends.id FROM friends ${joinsSql(compiled.joins)} WHERE ${compiled.where})`;
}

/** The joins as SQL, after `FROM friends`. */
export function joinsSql(joins: readonly CountJoin[]): Sql {
  return sql.join(
    joins.map(
      (join) =>
        sql`LEFT JOIN (${join.counts}) ${sql.ref(join.alias)} ON ${sql.ref(`${join.alias}.fid`)} = friends.id`,
    ),
    sql` `,
  );
}

function node(tree: CheckedNode, context: State): Sql {
  switch (tree.kind) {
    case "group": {
      if (tree.conditions.length === 0) return tree.match === "all" ? TRUE : FALSE;
      const parts = tree.conditions.map((child) => node(child, context));
      if (parts.length === 1) return parts[0]!;
      return sql`(${sql.join(parts, tree.match === "all" ? sql` AND ` : sql` OR `)})`;
    }
    case "not":
      return sql`NOT (${node(tree.condition, context)})`;
    default:
      return condition(tree, context);
  }
}

function condition(leaf: CheckedCondition, context: State): Sql {
  switch (leaf.kind) {
    case "member":
      return memberCondition(leaf, context);
    case "member_attribute":
      // Attribute dates are `YYYY-MM-DD` text in JSON, compared as text.
      return onMember(
        valueTest(
          leaf,
          leaf.valueType,
          attributeValue(leaf.key, leaf.valueType),
          leaf.valueType === "number" ? "numeric" : "text",
        ),
        leaf.op === "not_set",
      );
    case "field":
      return fieldCondition(leaf);
    case "tag": {
      // On the friend's own tag array (0011, kept by triggers on friend_tags): one condition
      // on the row that the GIN index serves when few friends match and a walk of the list
      // checks without a probe per friend when many do. Never NULL: the column is NOT NULL.
      const ids = sql`${[...new Set(leaf.tagIds)]}::uuid[]`;
      switch (leaf.match) {
        case "any":
          return sql`friends.tag_ids && ${ids}`;
        case "all":
          return sql`friends.tag_ids @> ${ids}`;
        case "none":
          return sql`NOT (friends.tag_ids && ${ids})`;
        default:
          return leaf.match satisfies never;
      }
    }
    case "display_name":
      // Two-valued without coalesce(): a bare ILIKE among the ANDs is what lets PostgreSQL use
      // the trigram index on names (a search matching no one: 2.5 s at a million friends
      // through coalesce, under 1 ms through the index).
      return sql`(friends.display_name IS NOT NULL AND friends.display_name ILIKE ${contains(leaf.value)})`;
    case "link":
      return leaf.status === "linked"
        ? sql`friends.member_id IS NOT NULL`
        : sql`friends.member_id IS NULL`;
    case "follow_status":
      return sql`friends.status = ${leaf.status}`;
    case "followed":
      return (
        windowCondition(sql.ref("friends.followed_at"), resolveWindow(leaf.window, context.now)) ??
        TRUE
      );
    case "inflow_route": {
      const ids = leaf.routeIds.filter((id) => id !== "none");
      const parts: Sql[] = [];
      if (ids.length > 0)
        parts.push(sql`coalesce(friends.inflow_route_id = ANY(${ids}::uuid[]), FALSE)`);
      if (leaf.routeIds.includes("none")) parts.push(sql`friends.inflow_route_id IS NULL`);
      return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
    }
    case "message":
      return timelineCount(leaf, context, MESSAGE_ACTION_KINDS[leaf.action], [
        ...(leaf.campaignId ? [detailEquals("campaignId", leaf.campaignId)] : []),
      ]);
    case "postback": {
      const parts: Sql[] = [];
      if (leaf.data) {
        const data = sql`(CASE WHEN jsonb_typeof(t.detail -> 'data') = 'string' THEN t.detail ->> 'data' END)`;
        switch (leaf.data.op) {
          case "equals":
            parts.push(detailEquals("data", leaf.data.value));
            break;
          case "starts_with":
            parts.push(sql`starts_with(${data}, ${leaf.data.value})`);
            break;
          case "contains":
            parts.push(sql`strpos(${data}, ${leaf.data.value}) > 0`);
            break;
          default:
            leaf.data.op satisfies never;
        }
      }
      return timelineCount(leaf, context, "postback", parts);
    }
    case "rich_menu":
      return timelineCount(leaf, context, "postback", [
        sql`jsonb_typeof(t.detail -> 'richMenuId') = 'string'`,
        ...(leaf.richMenuId ? [detailEquals("richMenuId", leaf.richMenuId)] : []),
        ...(leaf.area ? [detailEquals("area", leaf.area)] : []),
      ]);
    case "form":
      return timelineCount(leaf, context, "form_answered", [
        ...(leaf.formId ? [detailEquals("formId", leaf.formId)] : []),
      ]);
    case "event":
      return counted(context, leaf.count, eventCounts(leaf, context));

    case "segment":
      return node(leaf.definition, context);
    case "list":
      return leaf.idKind === "line_user_id"
        ? sql`EXISTS (SELECT 1 FROM audience_list_entries a WHERE a.list_id = ${leaf.listId} AND a.value = friends.line_user_id)`
        : sql`EXISTS (SELECT 1 FROM audience_list_entries a JOIN members m ON m.external_id = a.value WHERE a.list_id = ${leaf.listId} AND m.id = friends.member_id)`;
    default:
      return leaf satisfies never;
  }
}

// --- Member fields and attributes ------------------------------------------------------------

/**
 * A test on the linked member's row. Unlinked friends have no member: every test is false for
 * them, except "not set", which is the negation of "is set".
 */
function onMember(test: Sql, negated: boolean): Sql {
  const exists = sql`EXISTS (SELECT 1 FROM members m WHERE m.id = friends.member_id AND ${test})`;
  return negated ? sql`NOT ${exists}` : exists;
}

function memberCondition(
  leaf: Extract<CheckedCondition, { kind: "member" }>,
  context: SegmentContext,
): Sql {
  const negated = leaf.op === "not_set";
  switch (leaf.field) {
    case "age":
      return onMember(ageTest(leaf, dayInJapan(context.now)), negated);
    case "birthday":
      return onMember(valueTest(leaf, "date", sql.ref("m.birthday")), negated);
    case "birth_month":
      return onMember(
        leaf.op === "is_set" || leaf.op === "not_set"
          ? sql`m.birthday IS NOT NULL`
          : valueTest(leaf, "choice", sql`extract(month FROM m.birthday)::int::text`),
        negated,
      );
    case "gender":
      return onMember(valueTest(leaf, "choice", sql.ref("m.gender")), negated);
    case "prefecture":
      return onMember(valueTest(leaf, "choice", sql.ref("m.prefecture")), negated);
    case "rank":
      return onMember(valueTest(leaf, "text", sql.ref("m.rank")), negated);
    case "points":
      return onMember(valueTest(leaf, "number", sql.ref("m.points")), negated);
    default:
      return leaf.field satisfies never;
  }
}

/**
 * Age as a range of birthdays (at least 20 on `today` = born on or before today 20 years
 * ago), so that the test reads the stored date and an index on it can serve.
 */
function ageTest(test: ValueTest, today: string): Sql {
  const atLeast = (age: number) => sql`m.birthday <= ${latestBirthdayForAge(age, today)}::date`;
  const atMost = (age: number) => sql`m.birthday > ${latestBirthdayForAge(age + 1, today)}::date`;
  switch (test.op) {
    case "is_set":
    case "not_set":
      return sql`m.birthday IS NOT NULL`;
    case "equals":
      return sql`(${atLeast(Number(test.value))} AND ${atMost(Number(test.value))})`;
    case "gte":
      return atLeast(Number(test.value));
    case "gt":
      return atLeast(Number(test.value) + 1);
    case "lte":
      return atMost(Number(test.value));
    case "lt":
      return atMost(Number(test.value) - 1);
    case "between":
      return sql`(${atLeast(Number(test.from))} AND ${atMost(Number(test.to))})`;
    case "contains":
    case "includes":
      throw new Error(`age does not take ${test.op}; the checker refuses it`);
    default:
      return test satisfies never;
  }
}

/** An attribute's value from members.attributes, NULL unless it has the type's JSON type. */
function attributeValue(key: string, type: ValueType): Sql {
  const json = sql`m.attributes -> ${key}`;
  switch (type) {
    case "number":
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'number' THEN (m.attributes ->> ${key})::numeric END)`;
    case "boolean":
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN m.attributes ->> ${key} END)`;
    // Dates are `YYYY-MM-DD` text: compared byte-wise, whatever the database's collation.
    case "date":
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'string' THEN m.attributes ->> ${key} END) COLLATE "C"`;
    case "text":
    case "choice":
    case "multi_choice":
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'string' THEN m.attributes ->> ${key} END)`;
    default:
      return type satisfies never;
  }
}

// --- Custom fields ---------------------------------------------------------------------------

function fieldCondition(leaf: Extract<CheckedCondition, { kind: "field" }>): Sql {
  const value = (predicate: Sql | null) =>
    sql`EXISTS (SELECT 1 FROM friend_field_values v WHERE v.friend_id = friends.id AND v.field_id = ${leaf.fieldId}${predicate ? sql` AND ${predicate}` : sql``})`;
  switch (leaf.op) {
    case "is_set":
      return value(null);
    case "not_set":
      return sql`NOT ${value(null)}`;
    default:
      return value(valueTest(leaf, leaf.valueType, fieldColumn(leaf.valueType)));
  }
}

/** Where each type's value is stored in friend_field_values (single choices as text). */
function fieldColumn(type: ValueType): Sql {
  switch (type) {
    case "text":
    case "choice":
      return sql.ref("v.value_text");
    case "number":
      return sql.ref("v.value_number");
    case "date":
      return sql.ref("v.value_date");
    case "multi_choice":
      return sql.ref("v.value_choices");
    case "boolean":
      throw new Error("custom fields have no boolean type");
    default:
      return type satisfies never;
  }
}

// --- Value tests -----------------------------------------------------------------------------

/**
 * The test on a value expression (NULL when the value is missing). Used inside an EXISTS, so
 * a NULL result is simply "no": is_set and not_set are decided by the caller.
 */
function valueTest(
  test: ValueTest,
  type: ValueType,
  value: Sql,
  cast: "numeric" | "date" | "text" = type === "number"
    ? "numeric"
    : type === "date"
      ? "date"
      : "text",
): Sql {
  const operand = (text: string): Sql => {
    switch (cast) {
      case "numeric":
        return sql`${text}::numeric`;
      case "date":
        return sql`${text}::date`;
      case "text":
        return sql`${text}`;
      default:
        return cast satisfies never;
    }
  };
  switch (test.op) {
    case "is_set":
    case "not_set":
      return sql`${value} IS NOT NULL`;
    case "equals":
      return sql`${value} = ${operand(test.value)}`;
    case "contains":
      return sql`${value} ILIKE ${contains(test.value)}`;
    case "gt":
      return sql`${value} > ${operand(test.value)}`;
    case "gte":
      return sql`${value} >= ${operand(test.value)}`;
    case "lt":
      return sql`${value} < ${operand(test.value)}`;
    case "lte":
      return sql`${value} <= ${operand(test.value)}`;
    case "between":
      return sql`${value} BETWEEN ${operand(test.from)} AND ${operand(test.to)}`;
    case "includes":
      return type === "multi_choice"
        ? sql`${value} && ${test.choices}::text[]`
        : sql`${value} = ANY(${test.choices}::text[])`;
    default:
      return test satisfies never;
  }
}

/** A LIKE pattern for "holds this text", with LIKE's own characters escaped. */
function contains(text: string): string {
  return `%${escapeLikePattern(text)}%`;
}

export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// --- Activity: timeline rows and events, in a window, counted ---------------------------------

function windowCondition(column: Sql, window: ResolvedWindow): Sql | null {
  const parts: Sql[] = [];
  if (window.from) parts.push(sql`${column} >= ${window.from}`);
  if (window.to) parts.push(sql`${column} < ${window.to}`);
  return parts.length === 0 ? null : sql`(${sql.join(parts, sql` AND `)})`;
}

/** A detail key equal to a text, as JSON: a number 1 is not the text "1". */
function detailEquals(
  key: "campaignId" | "data" | "richMenuId" | "area" | "formId",
  value: string,
): Sql {
  return sql`t.detail -> ${sql.lit(key)} = to_jsonb(${value}::text)`;
}

function timelineCount(
  leaf: { window?: TimeWindow | undefined; count?: CountTest | undefined },
  context: State,
  kind: string,
  detail: Sql[],
): Sql {
  const parts: Sql[] = [sql`t.channel_id = ${context.channelId}`, sql`t.kind = ${kind}`];
  const window =
    leaf.window &&
    windowCondition(sql.ref("t.occurred_at"), resolveWindow(leaf.window, context.now));
  if (window) parts.push(window);
  parts.push(...detail);
  return counted(
    context,
    leaf.count,
    sql`SELECT t.friend_id AS fid, count(*)::int AS n FROM friend_timeline t
      WHERE ${sql.join(parts, sql` AND `)} GROUP BY t.friend_id`,
  );
}

/**
 * A count condition on per-friend counts, joined once: at least, at most or exactly n, where
 * a friend without a row has none.
 */
function counted(context: State, count: CountTest | undefined, counts: RawBuilder<unknown>): Sql {
  const { op, value } = count ?? { op: "at_least", value: 1 };
  if (op === "at_least" && value <= 0) return TRUE;
  const alias = `c${context.joins.length + 1}`;
  context.joins.push({ alias, counts: counts as RawBuilder<{ fid: string; n: number }> });
  const n = sql`coalesce(${sql.ref(`${alias}.n`)}, 0)`;
  switch (op) {
    case "at_least":
      return sql`${n} >= ${value}`;
    case "at_most":
      return sql`${n} <= ${value}`;
    case "exactly":
      return sql`${n} = ${value}`;
    default:
      return op satisfies never;
  }
}

// --- Events: raw rows, or whole days counted per friend ------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per-friend counts of an event condition. A friend's events are its LINE user's and its
 * member's, an event that is both counted once.
 *
 * The whole days of the window come from `friend_event_days` (0015: one row per friend, type and
 * day in Japan, kept by triggers) when those rows can answer the condition — no property test,
 * or tests on `amount` as a number — and only the partial days at the window's ends from raw
 * events: a year of purchases is then a year of narrow rows already keyed by friend, summed.
 */
function eventCounts(leaf: EventCondition, context: State): Sql {
  const window = leaf.window ? resolveWindow(leaf.window, context.now) : {};
  const where = leaf.where ?? [];
  const split = context.rawEventsOnly || !where.every(answeredByDays) ? null : wholeDays(window);
  const parts = split
    ? [
        dayRows(context.channelId, leaf.type, split.days, where),
        ...split.edges.map((edge) =>
          friendsOfEvents(rawEventRows(leaf.type, edge, where), context),
        ),
      ]
    : [friendsOfEvents(rawEventRows(leaf.type, window, where), context)];
  // One sum per friend over every part: a year of rows is aggregated once, not twice.
  return sql`SELECT fid, sum(n)::int AS n FROM (${sql.join(
    parts.map((part) => sql`(${part})`),
    sql` UNION ALL `,
  )}) parts GROUP BY fid`;
}

/**
 * Events (`line_user_id, member_id, n`) as rows of the channel's friends (`fid, n`): read once,
 * then joined by LINE user id and by member, the second join taking only rows its LINE user did
 * not already match, so an event that is both is counted once without a sort to remove doubles.
 */
function friendsOfEvents(rows: Sql, context: State): Sql {
  return sql`WITH matched AS MATERIALIZED (${rows})
    SELECT f.id AS fid, m.n FROM matched m
      JOIN friends f ON f.channel_id = ${context.channelId} AND f.line_user_id = m.line_user_id
    UNION ALL
    SELECT f.id AS fid, m.n FROM matched m
      JOIN friends f ON f.channel_id = ${context.channelId} AND f.member_id = m.member_id
      WHERE m.line_user_id IS DISTINCT FROM f.line_user_id`;
}

/** Events of a type in a window whose properties pass every test, one row each. */
function rawEventRows(
  type: string,
  window: ResolvedWindow,
  where: readonly PropertyPredicate[],
): Sql {
  const parts: Sql[] = [sql`e.type = ${type}`];
  const inWindow = windowCondition(sql.ref("e.occurred_at"), window);
  if (inWindow) parts.push(inWindow);
  for (const predicate of where) parts.push(propertyCondition(predicate));
  return sql`SELECT e.line_user_id, e.member_id, 1 AS n FROM events e WHERE ${sql.join(parts, sql` AND `)}`;
}

/** The property tests the per-friend rows answer exactly: numeric comparisons of `amount`. */
function answeredByDays(predicate: PropertyPredicate): boolean {
  if (predicate.property !== "amount") return false;
  switch (predicate.op) {
    case "gt":
    case "gte":
    case "lt":
    case "lte":
    case "between":
      return true;
    case "exists":
    case "equals":
    case "in":
    case "contains":
      return false;
    default:
      return predicate satisfies never;
  }
}

/** Days in Japan, `YYYY-MM-DD`: `from` included, `to` excluded; either may be open. */
interface DayRange {
  from?: string;
  to?: string;
}

/**
 * A window as the whole days in Japan it covers, read from the per-friend rows, and the partial
 * days at its ends, read from raw events; null when it covers no whole day.
 */
function wholeDays(window: ResolvedWindow): { days: DayRange; edges: ResolvedWindow[] } | null {
  const days: DayRange = {};
  const edges: ResolvedWindow[] = [];
  if (window.from) {
    const day = dayInJapan(window.from);
    const start = startOfDayInJapan(day);
    if (start.getTime() === window.from.getTime()) days.from = day;
    else {
      const next = new Date(start.getTime() + DAY_MS);
      days.from = dayInJapan(next);
      edges.push({ from: window.from, to: next });
    }
  }
  if (window.to) {
    days.to = dayInJapan(window.to);
    const start = startOfDayInJapan(days.to);
    if (start.getTime() < window.to.getTime()) edges.push({ from: start, to: window.to });
  }
  if (days.from !== undefined && days.to !== undefined && days.from >= days.to) return null;
  return { days, edges };
}

/**
 * A channel's per-friend rows of a type on these days (`fid, n`), with how many of their events
 * pass the `amount` tests: all of a row's amounts when its least and greatest do (the tests are
 * each an interval), otherwise counted one by one — rare, a row usually holds one event.
 */
function dayRows(
  channelId: string,
  type: string,
  days: DayRange,
  where: readonly PropertyPredicate[],
): Sql {
  const parts: Sql[] = [sql`d.channel_id = ${channelId}`, sql`d.type = ${type}`];
  if (days.from) parts.push(sql`d.day >= ${days.from}::date`);
  if (days.to) parts.push(sql`d.day < ${days.to}::date`);
  const cells = sql.join(parts, sql` AND `);
  if (where.length === 0)
    return sql`SELECT d.friend_id AS fid, d.events AS n FROM friend_event_days d WHERE ${cells}`;
  const passes = (value: Sql) =>
    sql.join(
      where.map((p) => numberTest(p, value)),
      sql` AND `,
    );
  return sql`SELECT d.friend_id AS fid,
      CASE WHEN ${passes(sql.ref("d.amount_min"))} AND ${passes(sql.ref("d.amount_max"))}
             THEN cardinality(d.amounts)
           WHEN d.amount_min = d.amount_max THEN 0
           ELSE (SELECT count(*)::int FROM unnest(d.amounts) AS a(amount) WHERE ${passes(sql.ref("a.amount"))})
      END AS n
    FROM friend_event_days d WHERE ${cells} AND d.amount_min IS NOT NULL`;
}

function propertyCondition(predicate: PropertyPredicate): Sql {
  const json = sql`e.properties -> ${predicate.property}`;
  const number = sql`(CASE WHEN jsonb_typeof(${json}) = 'number' THEN (e.properties ->> ${predicate.property})::numeric END)`;
  const text = sql`(CASE WHEN jsonb_typeof(${json}) = 'string' THEN e.properties ->> ${predicate.property} END)`;
  switch (predicate.op) {
    case "exists":
      return sql`${json} IS NOT NULL`;
    case "equals":
      return sql`${json} = ${JSON.stringify(predicate.value)}::jsonb`;
    case "in":
      return sql`${json} = ANY(${predicate.values.map((value) => JSON.stringify(value))}::jsonb[])`;
    case "contains":
      return sql`${text} ILIKE ${contains(predicate.value)}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
    case "between":
      return numberTest(predicate, number);
    default:
      return predicate satisfies never;
  }
}

/** A numeric property test on a numeric expression (NULL, never true, when it is NULL). */
function numberTest(predicate: PropertyPredicate, value: Sql): Sql {
  const numeric = (operand: number) => sql`${String(operand)}::numeric`;
  switch (predicate.op) {
    case "gt":
      return sql`${value} > ${numeric(predicate.value)}`;
    case "gte":
      return sql`${value} >= ${numeric(predicate.value)}`;
    case "lt":
      return sql`${value} < ${numeric(predicate.value)}`;
    case "lte":
      return sql`${value} <= ${numeric(predicate.value)}`;
    case "between":
      return sql`${value} BETWEEN ${numeric(predicate.from)} AND ${numeric(predicate.to)}`;
    case "exists":
    case "equals":
    case "in":
    case "contains":
      throw new Error(`${predicate.op} is not a numeric test`);
    default:
      return predicate satisfies never;
  }
}
