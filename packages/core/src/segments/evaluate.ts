import type { FieldValue } from "../friends/custom-fields.ts";
import type { AttributeValue } from "../members/attributes.ts";
import { MESSAGE_ACTION_KINDS } from "./behaviour.ts";
import type { CheckedCondition, CheckedNode, ListIdKind } from "./check.ts";
import { compareDecimals } from "./decimal.ts";
import type { CountTest, PropertyPredicate, TimeWindow, ValueTest } from "./definition.ts";
import { ageOn, dayInJapan, inWindow, resolveWindow } from "./time.ts";
import type { ValueType } from "./value-types.ts";

/**
 * The meaning of a segment, written plainly over data in memory: for each friend, does the
 * checked tree hold? It is the reference the SQL compiler is tested against (random trees
 * over random data must select the same friends), and it answers "why is this friend in?"
 * without a database.
 */
export interface EvaluationFriend {
  id: string;
  lineUserId: string;
  displayName: string | null;
  status: "following" | "blocked";
  followedAt: Date;
  memberId: string | null;
  inflowRouteId: string | null;
  tagIds: ReadonlySet<string>;
  fields: ReadonlyMap<string, FieldValue>;
}

export interface EvaluationMember {
  id: string;
  externalId: string;
  birthday: string | null;
  gender: string | null;
  prefecture: string | null;
  rank: string | null;
  points: number | null;
  attributes: Readonly<Record<string, AttributeValue>>;
}

export interface EvaluationTimelineRow {
  friendId: string;
  kind: string;
  occurredAt: Date;
  detail: Readonly<Record<string, unknown>>;
}

export interface EvaluationEvent {
  memberId: string | null;
  lineUserId: string | null;
  type: string;
  occurredAt: Date;
  properties: Readonly<Record<string, unknown>>;
}

export interface EvaluationData {
  members: ReadonlyMap<string, EvaluationMember>;
  /** Timeline rows by friend id. */
  timeline: ReadonlyMap<string, readonly EvaluationTimelineRow[]>;
  events: readonly EvaluationEvent[];
  lists: ReadonlyMap<string, { idKind: ListIdKind; values: ReadonlySet<string> }>;
}

export function segmentMatches(
  node: CheckedNode,
  friend: EvaluationFriend,
  data: EvaluationData,
  now: Date,
): boolean {
  switch (node.kind) {
    case "group":
      return node.match === "all"
        ? node.conditions.every((child) => segmentMatches(child, friend, data, now))
        : node.conditions.some((child) => segmentMatches(child, friend, data, now));
    case "not":
      return !segmentMatches(node.condition, friend, data, now);
    default:
      return conditionMatches(node, friend, data, now);
  }
}

type Value = string | string[] | null;

function conditionMatches(
  condition: CheckedCondition,
  friend: EvaluationFriend,
  data: EvaluationData,
  now: Date,
): boolean {
  const member = friend.memberId === null ? null : (data.members.get(friend.memberId) ?? null);
  switch (condition.kind) {
    case "member":
      return valueMatches(
        condition.valueType,
        condition,
        memberValue(member, condition.field, now),
      );
    case "member_attribute":
      return valueMatches(
        condition.valueType,
        condition,
        attributeValue(member?.attributes[condition.key], condition.valueType),
      );
    case "field":
      return valueMatches(
        condition.valueType,
        condition,
        fieldValue(friend.fields.get(condition.fieldId)),
      );
    case "tag": {
      const has = (id: string) => friend.tagIds.has(id);
      switch (condition.match) {
        case "any":
          return condition.tagIds.some(has);
        case "all":
          return condition.tagIds.every(has);
        case "none":
          return !condition.tagIds.some(has);
        default:
          return condition.match satisfies never;
      }
    }
    case "display_name":
      return friend.displayName?.toLowerCase().includes(condition.value.toLowerCase()) ?? false;
    case "link":
      return (friend.memberId !== null) === (condition.status === "linked");
    case "follow_status":
      return friend.status === condition.status;
    case "followed":
      return inWindow(friend.followedAt, resolveWindow(condition.window, now));
    case "inflow_route":
      return condition.routeIds.includes(friend.inflowRouteId ?? "none");
    case "message": {
      const kind = MESSAGE_ACTION_KINDS[condition.action];
      return counted(
        condition,
        now,
        timelineOf(friend, data),
        (row) =>
          row.kind === kind &&
          (condition.campaignId === undefined || row.detail.campaignId === condition.campaignId),
      );
    }
    case "postback":
      return counted(condition, now, timelineOf(friend, data), (row) => {
        if (row.kind !== "postback") return false;
        if (!condition.data) return true;
        const data_ = row.detail.data;
        if (typeof data_ !== "string") return false;
        switch (condition.data.op) {
          case "equals":
            return data_ === condition.data.value;
          case "starts_with":
            return data_.startsWith(condition.data.value);
          case "contains":
            return data_.includes(condition.data.value);
          default:
            return condition.data.op satisfies never;
        }
      });
    case "rich_menu":
      return counted(condition, now, timelineOf(friend, data), (row) => {
        const menu = row.detail.richMenuId;
        return (
          row.kind === "postback" &&
          typeof menu === "string" &&
          (condition.richMenuId === undefined || menu === condition.richMenuId) &&
          (condition.area === undefined || row.detail.area === condition.area)
        );
      });
    case "form":
      return counted(
        condition,
        now,
        timelineOf(friend, data),
        (row) =>
          row.kind === "form_answered" &&
          (condition.formId === undefined || row.detail.formId === condition.formId),
      );
    case "event": {
      const mine = data.events.filter(
        (event) =>
          (event.lineUserId !== null && event.lineUserId === friend.lineUserId) ||
          (friend.memberId !== null && event.memberId === friend.memberId),
      );
      return counted(
        condition,
        now,
        mine,
        (event) =>
          event.type === condition.type &&
          (condition.where ?? []).every((predicate) =>
            propertyMatches(predicate, event.properties),
          ),
      );
    }
    case "segment":
      return segmentMatches(condition.definition, friend, data, now);
    case "list": {
      const list = data.lists.get(condition.listId);
      if (!list) return false;
      if (condition.idKind === "line_user_id") return list.values.has(friend.lineUserId);
      return member !== null && list.values.has(member.externalId);
    }
    default:
      return condition satisfies never;
  }
}

function timelineOf(friend: EvaluationFriend, data: EvaluationData) {
  return data.timeline.get(friend.id) ?? [];
}

/** How many rows in the window pass `test`, against the count (at least once by default). */
function counted<T extends { occurredAt: Date }>(
  condition: { window?: TimeWindow | undefined; count?: CountTest | undefined },
  now: Date,
  rows: readonly T[],
  test: (row: T) => boolean,
): boolean {
  const window = condition.window ? resolveWindow(condition.window, now) : {};
  const n = rows.filter((row) => inWindow(row.occurredAt, window) && test(row)).length;
  const count = condition.count ?? { op: "at_least", value: 1 };
  switch (count.op) {
    case "at_least":
      return n >= count.value;
    case "at_most":
      return n <= count.value;
    case "exactly":
      return n === count.value;
    default:
      return count.op satisfies never;
  }
}

function memberValue(
  member: EvaluationMember | null,
  field: CheckedCondition & { kind: "member" } extends { field: infer F } ? F : never,
  now: Date,
): Value {
  if (member === null) return null;
  switch (field) {
    case "age":
      return member.birthday === null ? null : String(ageOn(member.birthday, dayInJapan(now)));
    case "birthday":
      return member.birthday;
    case "birth_month":
      return member.birthday === null ? null : String(Number(member.birthday.slice(5, 7)));
    case "gender":
      return member.gender;
    case "prefecture":
      return member.prefecture;
    case "rank":
      return member.rank;
    case "points":
      return member.points === null ? null : String(member.points);
    default:
      return field satisfies never;
  }
}

/** An attribute value counts only when it has its type's JSON type (a date is a string). */
function attributeValue(value: AttributeValue | undefined, type: ValueType): Value {
  switch (type) {
    case "number":
      return typeof value === "number" ? decimalText(value) : null;
    case "boolean":
      return typeof value === "boolean" ? String(value) : null;
    case "text":
    case "date":
    case "choice":
    case "multi_choice":
      return typeof value === "string" ? value : null;
    default:
      return type satisfies never;
  }
}

function fieldValue(value: FieldValue | undefined): Value {
  if (value === undefined) return null;
  switch (value.type) {
    case "text":
      return value.text;
    case "number":
      return value.number;
    case "date":
      return value.date;
    case "single_choice":
      return value.choice;
    case "multi_choice":
      return value.choices;
    default:
      return value satisfies never;
  }
}

function valueMatches(type: ValueType, test: ValueTest, value: Value): boolean {
  if (test.op === "not_set") return value === null;
  if (value === null) return false;
  const compare = (operand: string) => {
    const one = value as string;
    return type === "number"
      ? compareDecimals(one, operand)
      : one < operand
        ? -1
        : one > operand
          ? 1
          : 0;
  };
  switch (test.op) {
    case "is_set":
      return true;
    case "equals":
      return compare(test.value) === 0;
    case "contains":
      return (value as string).toLowerCase().includes(test.value.toLowerCase());
    case "gt":
      return compare(test.value) > 0;
    case "gte":
      return compare(test.value) >= 0;
    case "lt":
      return compare(test.value) < 0;
    case "lte":
      return compare(test.value) <= 0;
    case "between":
      return compare(test.from) >= 0 && compare(test.to) <= 0;
    case "includes":
      return Array.isArray(value)
        ? value.some((choice) => test.choices.includes(choice))
        : test.choices.includes(value);
    default:
      return test satisfies never;
  }
}

function propertyMatches(
  predicate: PropertyPredicate,
  properties: Readonly<Record<string, unknown>>,
) {
  if (!Object.hasOwn(properties, predicate.property)) return false;
  const value = properties[predicate.property];
  switch (predicate.op) {
    case "exists":
      return true;
    case "equals":
      return value === predicate.value;
    case "in":
      return predicate.values.some((candidate) => candidate === value);
    case "contains":
      return (
        typeof value === "string" && value.toLowerCase().includes(predicate.value.toLowerCase())
      );
    case "gt":
      return typeof value === "number" && value > predicate.value;
    case "gte":
      return typeof value === "number" && value >= predicate.value;
    case "lt":
      return typeof value === "number" && value < predicate.value;
    case "lte":
      return typeof value === "number" && value <= predicate.value;
    case "between":
      return typeof value === "number" && value >= predicate.from && value <= predicate.to;
    default:
      return predicate satisfies never;
  }
}

/**
 * A JavaScript number as `numeric` reads it from JSON: the shortest text that round-trips
 * (what JSON.stringify writes), with any exponent written out, for exact comparison.
 */
function decimalText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, first, rest = "", exponent] = match;
  const digits = `${first}${rest}`;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
