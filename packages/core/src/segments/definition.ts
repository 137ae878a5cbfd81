import { z } from "zod";

/**
 * A segment: which friends of a channel, as a tree of conditions (すべて / いずれか groups,
 * 除外 = not) over what Kizuna knows of a friend — the linked member, tags, custom fields,
 * link and follow status, inflow route, what they did in LINE and what the company's
 * systems reported (events). One schema for the API, the stored row and the builder UI.
 *
 * Versioned: a stored definition says which version of this schema wrote it, so that a
 * later version can upgrade old definitions instead of misreading them.
 */
export const SEGMENT_DEFINITION_VERSION = 1;

/** Limits that keep one definition's SQL small enough to plan quickly. */
export const SEGMENT_LIMITS = {
  depth: 8,
  nodes: 200,
  groupSize: 50,
  choices: 100,
  properties: 10,
} as const;

const uuid = z.uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date written YYYY-MM-DD");
/** Operands are text, checked against the type of what they compare with (see check.ts). */
const operand = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, "must not be empty").max(200));

// --- Value tests: the operator and its operands, shared by every kind of value ---------------

/** Operators in the order a UI offers them; which apply depends on the value's type. */
export const VALUE_OPERATORS = [
  "equals",
  "contains",
  "includes",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "is_set",
  "not_set",
] as const;
export type ValueOperator = (typeof VALUE_OPERATORS)[number];

function valueTest<const Shape extends z.ZodRawShape>(shape: Shape) {
  return z.discriminatedUnion("op", [
    z.strictObject({ ...shape, op: z.literal("is_set") }),
    z.strictObject({ ...shape, op: z.literal("not_set") }),
    /** Equal to the value (text exactly; numbers and dates as numbers and dates). */
    z.strictObject({ ...shape, op: z.literal("equals"), value: operand }),
    /** Text holding the value, any case. */
    z.strictObject({ ...shape, op: z.literal("contains"), value: operand }),
    /** Numbers and dates: strictly greater (later) or less (earlier), or with equality. */
    z.strictObject({ ...shape, op: z.literal("gt"), value: operand }),
    z.strictObject({ ...shape, op: z.literal("gte"), value: operand }),
    z.strictObject({ ...shape, op: z.literal("lt"), value: operand }),
    z.strictObject({ ...shape, op: z.literal("lte"), value: operand }),
    /** Numbers and dates: from and to included. */
    z.strictObject({ ...shape, op: z.literal("between"), from: operand, to: operand }),
    /** One of the values (a multi-choice value: holds at least one of them). */
    z.strictObject({
      ...shape,
      op: z.literal("includes"),
      choices: z.array(operand).min(1).max(SEGMENT_LIMITS.choices),
    }),
  ]);
}

/** The operator and operands of a value test, without what it tests. */
export type ValueTest =
  | { op: "is_set" }
  | { op: "not_set" }
  | { op: "equals" | "contains" | "gt" | "gte" | "lt" | "lte"; value: string }
  | { op: "between"; from: string; to: string }
  | { op: "includes"; choices: string[] };

// --- Time windows and counts ------------------------------------------------------------

export const WINDOW_UNITS = ["hours", "days", "weeks", "months"] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

/**
 * When something happened. `last`: in the last N units up to now (過去30日以内); `older_than`:
 * more than N units ago (30日以上前); `between`: on these days in Japan, both included (either
 * end may be left open).
 */
export const windowSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("last"),
    amount: z.number().int().min(1).max(3650),
    unit: z.enum(WINDOW_UNITS),
  }),
  z.strictObject({
    type: z.literal("older_than"),
    amount: z.number().int().min(1).max(3650),
    unit: z.enum(WINDOW_UNITS),
  }),
  z
    .strictObject({ type: z.literal("between"), from: day.optional(), to: day.optional() })
    .refine((window) => window.from !== undefined || window.to !== undefined, {
      message: "give from, to or both",
    }),
]);
export type TimeWindow = z.infer<typeof windowSchema>;

/** How many times: at least 2 (2回以上), at most 1, exactly 3. `at_most` counts zero too. */
export const countSchema = z.strictObject({
  op: z.enum(["at_least", "at_most", "exactly"]),
  value: z.number().int().min(0).max(10_000),
});
export type CountTest = z.infer<typeof countSchema>;

const activity = { window: windowSchema.optional(), count: countSchema.optional() };

// --- Event property predicates ----------------------------------------------------------------

export const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const propertyKey = z.string().regex(PROPERTY_KEY, "a property name: letters, digits and _");
const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/** A test on one property of an event, such as `amount ≥ 5000` or `category = "shoes"`. */
export const propertyPredicateSchema = z.discriminatedUnion("op", [
  z.strictObject({ property: propertyKey, op: z.literal("exists") }),
  /** Equal as JSON: the number 5000 equals 5000.0, but not the text "5000". */
  z.strictObject({ property: propertyKey, op: z.literal("equals"), value: scalar }),
  z.strictObject({
    property: propertyKey,
    op: z.literal("in"),
    values: z.array(scalar).min(1).max(SEGMENT_LIMITS.choices),
  }),
  /** Text properties holding the value, any case. */
  z.strictObject({
    property: propertyKey,
    op: z.literal("contains"),
    value: z.string().min(1).max(200),
  }),
  /** Number properties; a property that is not a number never matches. */
  z.strictObject({ property: propertyKey, op: z.literal("gt"), value: z.number() }),
  z.strictObject({ property: propertyKey, op: z.literal("gte"), value: z.number() }),
  z.strictObject({ property: propertyKey, op: z.literal("lt"), value: z.number() }),
  z.strictObject({ property: propertyKey, op: z.literal("lte"), value: z.number() }),
  z.strictObject({
    property: propertyKey,
    op: z.literal("between"),
    from: z.number(),
    to: z.number(),
  }),
]);
export type PropertyPredicate = z.infer<typeof propertyPredicateSchema>;

/** Event types the company's systems send; any other lower-case name is a custom type. */
export const STANDARD_EVENT_TYPES = ["purchase", "cart", "favourite", "visit"] as const;
export const EVENT_TYPE = /^[a-z][a-z0-9_.:-]{0,63}$/;
export const eventTypeSchema = z
  .string()
  .regex(EVENT_TYPE, "an event type: lower-case letters, digits and _ . : -, up to 64");

// --- Conditions -------------------------------------------------------------------------

/** What Kizuna keeps of the linked member, as conditions name them. */
export const SEGMENT_MEMBER_FIELDS = [
  "age",
  "birthday",
  "birth_month",
  "gender",
  "prefecture",
  "rank",
  "points",
] as const;
export type SegmentMemberField = (typeof SEGMENT_MEMBER_FIELDS)[number];

export const segmentMemberConditionSchema = valueTest({
  kind: z.literal("member"),
  field: z.enum(SEGMENT_MEMBER_FIELDS),
});
export const segmentMemberAttributeConditionSchema = valueTest({
  kind: z.literal("member_attribute"),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "an attribute key"),
});
export const segmentFieldConditionSchema = valueTest({ kind: z.literal("field"), fieldId: uuid });

export const segmentTagConditionSchema = z.strictObject({
  kind: z.literal("tag"),
  /** any: has at least one of the tags; all: has every one; none: has none of them. */
  match: z.enum(["any", "all", "none"]),
  tagIds: z.array(uuid).min(1).max(50),
});

export const displayNameConditionSchema = z.strictObject({
  kind: z.literal("display_name"),
  op: z.literal("contains"),
  value: z.string().trim().min(1).max(100),
});

export const linkConditionSchema = z.strictObject({
  kind: z.literal("link"),
  status: z.enum(["linked", "not_linked"]),
});

export const followStatusConditionSchema = z.strictObject({
  kind: z.literal("follow_status"),
  status: z.enum(["following", "blocked"]),
});

/** 友だち追加日: when the friend (first) followed. */
export const followedConditionSchema = z.strictObject({
  kind: z.literal("followed"),
  window: windowSchema,
});

export const inflowRouteConditionSchema = z.strictObject({
  kind: z.literal("inflow_route"),
  /** Route ids, or "none" for friends who came through no route. */
  routeIds: z
    .array(z.union([uuid, z.literal("none")]))
    .min(1)
    .max(50),
});

/**
 * Received or clicked a message of a campaign (any campaign when none is named). Not "opened":
 * LINE reports opens per message, never per friend (see `behaviour.ts`).
 */
export const messageConditionSchema = z.strictObject({
  kind: z.literal("message"),
  action: z.enum(["received", "clicked"]),
  campaignId: uuid.optional(),
  ...activity,
});

const textMatch = z.strictObject({
  op: z.enum(["equals", "starts_with", "contains"]),
  value: z.string().min(1).max(300),
});

/** Tapped a button, carousel item or quick reply that sends postback data. */
export const postbackConditionSchema = z.strictObject({
  kind: z.literal("postback"),
  data: textMatch.optional(),
  ...activity,
});

/** Tapped an area of a rich menu (any menu or area when none is named). */
export const richMenuConditionSchema = z.strictObject({
  kind: z.literal("rich_menu"),
  richMenuId: z.string().min(1).max(100).optional(),
  area: z.string().min(1).max(100).optional(),
  ...activity,
});

/** Answered a form (any form when none is named). */
export const formConditionSchema = z.strictObject({
  kind: z.literal("form"),
  formId: z.string().min(1).max(100).optional(),
  ...activity,
});

/** Events from the company's systems: purchases, carts, favourites, visits, custom types. */
export const eventConditionSchema = z.strictObject({
  kind: z.literal("event"),
  type: eventTypeSchema,
  /** Every predicate must hold for an event to count. */
  where: z.array(propertyPredicateSchema).max(SEGMENT_LIMITS.properties).optional(),
  ...activity,
});

/** In (or, under 除外, not in) another saved segment of the channel. */
export const segmentRefConditionSchema = z.strictObject({
  kind: z.literal("segment"),
  segmentId: uuid,
});

/** In an uploaded list of ids (a static audience). */
export const listConditionSchema = z.strictObject({
  kind: z.literal("list"),
  listId: uuid,
});

export type MemberCondition = z.infer<typeof segmentMemberConditionSchema>;
export type MemberAttributeCondition = z.infer<typeof segmentMemberAttributeConditionSchema>;
export type SegmentFieldCondition = z.infer<typeof segmentFieldConditionSchema>;
export type SegmentTagCondition = z.infer<typeof segmentTagConditionSchema>;
export type DisplayNameCondition = z.infer<typeof displayNameConditionSchema>;
export type LinkCondition = z.infer<typeof linkConditionSchema>;
export type FollowStatusCondition = z.infer<typeof followStatusConditionSchema>;
export type FollowedCondition = z.infer<typeof followedConditionSchema>;
export type InflowRouteCondition = z.infer<typeof inflowRouteConditionSchema>;
export type MessageCondition = z.infer<typeof messageConditionSchema>;
export type PostbackCondition = z.infer<typeof postbackConditionSchema>;
export type RichMenuCondition = z.infer<typeof richMenuConditionSchema>;
export type FormCondition = z.infer<typeof formConditionSchema>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
export type SegmentRefCondition = z.infer<typeof segmentRefConditionSchema>;
export type ListCondition = z.infer<typeof listConditionSchema>;

export type SegmentCondition =
  | MemberCondition
  | MemberAttributeCondition
  | SegmentFieldCondition
  | SegmentTagCondition
  | DisplayNameCondition
  | LinkCondition
  | FollowStatusCondition
  | FollowedCondition
  | InflowRouteCondition
  | MessageCondition
  | PostbackCondition
  | RichMenuCondition
  | FormCondition
  | EventCondition
  | SegmentRefCondition
  | ListCondition;

export type ConditionKind = SegmentCondition["kind"];

// --- The tree ------------------------------------------------------------------------------

/** すべて (all) or いずれか (any) of its conditions. An empty `all` is everyone; an empty `any` no one. */
export interface SegmentGroup {
  kind: "group";
  match: "all" | "any";
  conditions: SegmentNode[];
}

/** 除外: friends for whom the condition does not hold. */
export interface SegmentNot {
  kind: "not";
  condition: SegmentNode;
}

export type SegmentNode = SegmentGroup | SegmentNot | SegmentCondition;

export const segmentNodeSchema: z.ZodType<SegmentNode, unknown> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("group"),
      match: z.enum(["all", "any"]),
      conditions: z.array(segmentNodeSchema).max(SEGMENT_LIMITS.groupSize),
    }),
    z.strictObject({ kind: z.literal("not"), condition: segmentNodeSchema }),
    segmentMemberConditionSchema,
    segmentMemberAttributeConditionSchema,
    segmentFieldConditionSchema,
    segmentTagConditionSchema,
    displayNameConditionSchema,
    linkConditionSchema,
    followStatusConditionSchema,
    followedConditionSchema,
    inflowRouteConditionSchema,
    messageConditionSchema,
    postbackConditionSchema,
    richMenuConditionSchema,
    formConditionSchema,
    eventConditionSchema,
    segmentRefConditionSchema,
    listConditionSchema,
  ]),
) as z.ZodType<SegmentNode, unknown>;

export const segmentDefinitionSchema = z.strictObject({
  version: z.literal(SEGMENT_DEFINITION_VERSION),
  root: segmentNodeSchema,
});
export type SegmentDefinition = { version: typeof SEGMENT_DEFINITION_VERSION; root: SegmentNode };

/** Everyone of the channel: an empty すべて group. */
export const EVERY_FRIEND: SegmentDefinition = {
  version: SEGMENT_DEFINITION_VERSION,
  root: { kind: "group", match: "all", conditions: [] },
};

export const allOf = (...conditions: SegmentNode[]): SegmentGroup => ({
  kind: "group",
  match: "all",
  conditions,
});
export const anyOf = (...conditions: SegmentNode[]): SegmentGroup => ({
  kind: "group",
  match: "any",
  conditions,
});
export const not = (condition: SegmentNode): SegmentNot => ({ kind: "not", condition });
