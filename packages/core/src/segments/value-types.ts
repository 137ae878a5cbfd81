import type { CustomFieldType } from "../friends/custom-fields.ts";
import type { MemberAttributeType } from "../members/attributes.ts";
import { GENDERS } from "../members/normalize.ts";
import { PREFECTURES } from "../members/prefectures.ts";
import type { SegmentMemberField, ValueOperator } from "./definition.ts";

/**
 * What kind of value a condition compares: it decides the operators that apply and how
 * operands are read. Custom fields, member attributes and the member's own fields all map
 * onto these.
 */
export type ValueType = "text" | "number" | "date" | "choice" | "multi_choice" | "boolean";

/** The operators that make sense for each type of value, in the order a UI offers them. */
export const SEGMENT_OPERATORS: Record<ValueType, readonly ValueOperator[]> = {
  text: ["equals", "contains", "includes", "is_set", "not_set"],
  number: ["equals", "gte", "lte", "gt", "lt", "between", "is_set", "not_set"],
  date: ["equals", "gte", "lte", "gt", "lt", "between", "is_set", "not_set"],
  choice: ["includes", "equals", "is_set", "not_set"],
  multi_choice: ["includes", "is_set", "not_set"],
  boolean: ["equals", "is_set", "not_set"],
};

export function fieldValueType(type: CustomFieldType): ValueType {
  switch (type) {
    case "text":
    case "number":
    case "date":
    case "multi_choice":
      return type;
    case "single_choice":
      return "choice";
    default:
      return type satisfies never;
  }
}

export function attributeValueType(type: MemberAttributeType): ValueType {
  switch (type) {
    case "text":
    case "number":
    case "date":
    case "boolean":
    case "choice":
      return type;
    default:
      return type satisfies never;
  }
}

export const BIRTH_MONTHS = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
] as const;

/** The type and (for choices) the choices of each member field a condition can name. */
export function memberFieldType(field: SegmentMemberField): {
  type: ValueType;
  choices: readonly string[] | null;
  /** Whole numbers only (age, points). */
  integer?: boolean;
} {
  switch (field) {
    case "age":
      return { type: "number", choices: null, integer: true };
    case "points":
      return { type: "number", choices: null, integer: true };
    case "birthday":
      return { type: "date", choices: null };
    case "birth_month":
      return { type: "choice", choices: BIRTH_MONTHS };
    case "gender":
      return { type: "choice", choices: GENDERS };
    case "prefecture":
      return { type: "choice", choices: PREFECTURES.map(([name]) => name) };
    case "rank":
      return { type: "text", choices: null };
    default:
      return field satisfies never;
  }
}
