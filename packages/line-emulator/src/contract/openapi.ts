import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { parse } from "yaml";

// LINE's OpenAPI documents as JSON Schema validators (ajv 8). Used at run time (message
// validation, with LINE's extra limits laid over the schemas) and by contract tests (the pure
// spec): validateRequest / validateResponse / validateSchema below.
//
// OpenAPI 3.0 is not quite JSON Schema, so each document is adapted before compiling:
// - `nullable: true` becomes a `null` type;
// - a `discriminator` with a `mapping` (LINE's polymorphism: `Message`, `Action`, `FlexComponent`,
//   webhook `Event` …, whose subtypes are `allOf: [$ref parent, {…}]`) becomes a dispatch on the
//   discriminator value: the parent requires the tag, checks it is one of the mapped values and
//   validates the object against that subtype; a subtype's `allOf` points at the parent's plain
//   properties (`Parent__base`) instead of the dispatching parent, and pins its own tag value.

export const SPEC_FILES = [
  "messaging-api.yml",
  "webhook.yml",
  "channel-access-token.yml",
  "insight.yml",
  "manage-audience.yml",
  "liff.yml",
  "module.yml",
  "module-attach.yml",
  "shop.yml",
] as const;
export type SpecFile = (typeof SPEC_FILES)[number];

/** The copies of LINE's specs shipped with the package (see openapi/README.md). */
export const SPEC_DIR = fileURLToPath(new URL("../../openapi/", import.meta.url));

export type SchemaObject = { [keyword: string]: unknown };

/**
 * Extra JSON Schema per component schema and property, laid over the spec before compiling:
 * `{ TextMessage: { text: { maxLength: 5000 } } }`. A property's extra schema is merged into its
 * definition (or combined with `allOf` where keywords clash); the special key `$self` adds to
 * the component schema itself (e.g. `{ required: ["label"] }`).
 */
export type SchemaOverlay = Record<string, Record<string, SchemaObject>>;

export type CustomKeyword = {
  keyword: string;
  type: "string" | "number" | "object" | "array";
  schemaType: "number" | "string" | "boolean";
  /** True when `data` satisfies the keyword's `value`. */
  check: (value: never, data: never) => boolean;
};

export type CompileOptions = {
  overlay?: SchemaOverlay;
  keywords?: CustomKeyword[];
};

export type Operation = {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/v2/bot/richmenu/{richMenuId}`. */
  path: string;
  requestBody?: SchemaObject;
  responses: Record<string, SchemaObject | null>;
  parameters: Parameter[];
};

export type Parameter = {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required: boolean;
  schema?: SchemaObject;
};

/** A compiled spec: validators for component schemas and for operations, compiled on demand. */
export type CompiledSpec = {
  file: SpecFile;
  schema(name: string): ValidateFunction;
  operation(operationId: string): Operation;
  operations(): Operation[];
  /** Validator for an inline schema of this document (refs resolve into the document). */
  compile(schema: SchemaObject): ValidateFunction;
};

export function loadSpecDocument(file: SpecFile, dir = SPEC_DIR): SchemaObject {
  return parse(readFileSync(`${dir}${file}`, "utf8")) as SchemaObject;
}

export function compileSpec(file: SpecFile, options: CompileOptions = {}): CompiledSpec {
  const document = adaptDocument(loadSpecDocument(file), options.overlay ?? {});
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    // LINE counts text lengths in UTF-16 code units (a JS string's length), not code points.
    unicode: false,
    validateSchema: false,
    logger: false,
  });
  // ajv-formats is CommonJS: under Node's ESM the plugin is the module itself.
  formats.default(ajv);
  for (const format of unknownFormats(document, ajv)) ajv.addFormat(format, true);
  for (const custom of options.keywords ?? []) addKeyword(ajv, custom);
  ajv.addSchema(document, file);

  const schemas = new Map<string, ValidateFunction>();
  const operations = readOperations(document);
  return {
    file,
    schema(name) {
      let validate = schemas.get(name);
      if (!validate) {
        validate = ajv.getSchema(`${file}#/components/schemas/${name}`);
        if (!validate) throw new Error(`${file} has no schema ${name}`);
        schemas.set(name, validate);
      }
      return validate;
    },
    operation(operationId) {
      const found = operations.get(operationId);
      if (!found) throw new Error(`${file} has no operation ${operationId}`);
      return found;
    },
    operations: () => [...operations.values()],
    compile: (schema) => ajv.compile(rebaseRefs(schema, file) as SchemaObject),
  };
}

// --- contract-test helpers on the pure specs ---------------------------------------------------

export type SchemaCheck = { ok: true } | { ok: false; errors: string[] };

const pureSpecs = new Map<SpecFile, CompiledSpec>();
const inlineValidators = new WeakMap<SchemaObject, ValidateFunction>();

/** The spec exactly as LINE publishes it (no extra limits), compiled once per process. */
export function pureSpec(file: SpecFile): CompiledSpec {
  let spec = pureSpecs.get(file);
  if (!spec) {
    spec = compileSpec(file);
    pureSpecs.set(file, spec);
  }
  return spec;
}

/** Checks `value` against `components.schemas[schemaName]`, e.g. ("webhook.yml", "CallbackRequest"). */
export function validateSchema(file: SpecFile, schemaName: string, value: unknown): SchemaCheck {
  return check(pureSpec(file).schema(schemaName), value);
}

/** Checks a request body against the operation's `requestBody` JSON schema. */
export function validateRequest(file: SpecFile, operationId: string, body: unknown): SchemaCheck {
  const spec = pureSpec(file);
  const operation = spec.operation(operationId);
  if (!operation.requestBody) {
    return body === undefined || body === null || isEmptyObject(body)
      ? { ok: true }
      : { ok: false, errors: [`${operationId} takes no request body`] };
  }
  return check(inlineValidator(spec, operation.requestBody), body);
}

/**
 * Checks a response body against what the operation declares for `status`. A status the
 * operation does not declare passes only if it is an error (≥ 400) whose body is the document's
 * `ErrorResponse` (LINE answers 401, 429 … on every endpoint, the spec lists them on a few).
 * A declared status without a JSON schema (e.g. validate/* "200 OK") accepts any body.
 */
export function validateResponse(
  file: SpecFile,
  operationId: string,
  status: number,
  body: unknown,
): SchemaCheck {
  const spec = pureSpec(file);
  const operation = spec.operation(operationId);
  const key = String(status) in operation.responses ? String(status) : "default";
  const declared = operation.responses[key];
  if (declared === undefined) {
    if (status >= 400 && hasSchema(spec, "ErrorResponse")) {
      return check(spec.schema("ErrorResponse"), body);
    }
    return { ok: false, errors: [`${operationId} does not declare status ${status}`] };
  }
  if (declared === null) return { ok: true };
  return check(inlineValidator(spec, declared), body);
}

/** Checks query, header and path parameters (header names case-insensitive). */
export function validateParameters(
  file: SpecFile,
  operationId: string,
  given: {
    query?: Record<string, unknown>;
    headers?: Record<string, unknown>;
    path?: Record<string, unknown>;
  },
): SchemaCheck {
  const spec = pureSpec(file);
  const errors: string[] = [];
  const headers = Object.fromEntries(
    Object.entries(given.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  for (const parameter of spec.operation(operationId).parameters) {
    const source =
      parameter.in === "query"
        ? given.query
        : parameter.in === "path"
          ? given.path
          : parameter.in === "header"
            ? headers
            : undefined;
    const key = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
    const value = source?.[key];
    if (value === undefined) {
      if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is missing`);
      continue;
    }
    if (!parameter.schema) continue;
    const result = check(inlineValidator(spec, parameter.schema), coerce(value, parameter.schema));
    if (!result.ok) errors.push(...result.errors.map((e) => `${parameter.name}: ${e}`));
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

/** The operation whose method and path template match a concrete request, if any. */
export function findOperation(file: SpecFile, method: string, url: string): Operation | undefined {
  const path = url.split("?")[0]!;
  return pureSpec(file)
    .operations()
    .find(
      (operation) =>
        operation.method === method.toLowerCase() && templateMatches(operation.path, path),
    );
}

/** ajv errors as short readable lines for test failure messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .filter((error) => error.keyword !== "if")
    .map((error) => `${error.instancePath || "(root)"} ${error.message ?? error.keyword}`);
}

function check(validate: ValidateFunction, value: unknown): SchemaCheck {
  return validate(value) ? { ok: true } : { ok: false, errors: describeErrors(validate.errors) };
}

function inlineValidator(spec: CompiledSpec, schema: SchemaObject): ValidateFunction {
  let validate = inlineValidators.get(schema);
  if (!validate) {
    validate = spec.compile(schema);
    inlineValidators.set(schema, validate);
  }
  return validate;
}

function hasSchema(spec: CompiledSpec, name: string): boolean {
  try {
    spec.schema(name);
    return true;
  } catch {
    return false;
  }
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

/** Query and header values arrive as strings; numbers and booleans in the spec are parsed. */
function coerce(value: unknown, schema: SchemaObject): unknown {
  if (typeof value !== "string") return value;
  if ((schema.type === "integer" || schema.type === "number") && value.trim() !== "") {
    const number = Number(value);
    return Number.isNaN(number) ? value : number;
  }
  if (schema.type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function templateMatches(template: string, path: string): boolean {
  const expected = template.split("/");
  const actual = path.split("/");
  if (expected.length !== actual.length) return false;
  return expected.every((part, i) => /^\{[^}]+\}$/.test(part) || part === actual[i]);
}

// --- reading operations ------------------------------------------------------------------------

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

function readOperations(document: SchemaObject): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = (document.paths ?? {}) as Record<string, SchemaObject>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = (item.parameters ?? []) as SchemaObject[];
    for (const method of METHODS) {
      const op = item[method] as SchemaObject | undefined;
      if (!op || typeof op.operationId !== "string") continue;
      const responses: Record<string, SchemaObject | null> = {};
      for (const [status, response] of Object.entries(
        (op.responses ?? {}) as Record<string, SchemaObject>,
      )) {
        responses[status] = jsonSchemaOf(response.content) ?? null;
      }
      const requestBody = jsonSchemaOf((op.requestBody as SchemaObject | undefined)?.content);
      operations.set(op.operationId, {
        operationId: op.operationId,
        method,
        path,
        ...(requestBody ? { requestBody } : {}),
        responses,
        parameters: [...shared, ...((op.parameters ?? []) as SchemaObject[])].map((p) => ({
          name: String(p.name),
          in: p.in as Parameter["in"],
          required: p.required === true,
          ...(p.schema ? { schema: p.schema as SchemaObject } : {}),
        })),
      });
    }
  }
  return operations;
}

function jsonSchemaOf(content: unknown): SchemaObject | undefined {
  if (!content || typeof content !== "object") return undefined;
  const media = content as Record<string, SchemaObject>;
  const json = media["application/json"] ?? media["application/json; charset=UTF-8"];
  return json?.schema as SchemaObject | undefined;
}

// --- adapting OpenAPI 3.0 to JSON Schema -------------------------------------------------------

const COMPONENT_REF = "#/components/schemas/";

function adaptDocument(document: SchemaObject, overlay: SchemaOverlay): SchemaObject {
  const adapted = structuredClone(document);
  const components = (adapted.components ?? {}) as SchemaObject;
  const schemas = (components.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, extra] of Object.entries(overlay)) {
    const schema = schemas[name];
    if (!schema) throw new Error(`Overlay names a schema the spec lacks: ${name}`);
    applyOverlay(name, schema, extra);
  }
  walkSchemas(adapted, nullableToType);
  resolveDiscriminators(schemas);
  return adapted;
}

function applyOverlay(name: string, schema: SchemaObject, extra: Record<string, SchemaObject>) {
  for (const [property, addition] of Object.entries(extra)) {
    if (property === "$self") {
      mergeSchema(schema, addition);
      continue;
    }
    const holder = propertyHolder(schema, property);
    if (!holder) throw new Error(`Overlay names a property ${name}.${property} the spec lacks`);
    holder[property] = combine(holder[property] as SchemaObject, addition);
  }
}

/** The `properties` object that defines `property`: the schema's own or one in its `allOf`. */
function propertyHolder(schema: SchemaObject, property: string): SchemaObject | undefined {
  const own = schema.properties as SchemaObject | undefined;
  if (own && property in own) return own;
  for (const part of (schema.allOf ?? []) as SchemaObject[]) {
    const found = propertyHolder(part, property);
    if (found) return found;
  }
  return undefined;
}

/**
 * Lays `addition` over a property's schema: LINE's limits replace the spec's plain keywords
 * (a stricter `maxItems`, a `minLength`), while structure (`$ref`, `items`, `properties`) stays
 * and the addition's structure joins it under `allOf`.
 */
function combine(base: SchemaObject, addition: SchemaObject): SchemaObject {
  if ("$ref" in base) return { allOf: [base, addition] };
  const merged: SchemaObject = { ...base };
  const apart: SchemaObject = {};
  for (const [key, value] of Object.entries(addition)) {
    const structural = typeof value === "object" && value !== null && !Array.isArray(value);
    if (key in base && structural) apart[key] = value;
    else merged[key] = value;
  }
  if (Object.keys(apart).length === 0) return merged;
  return { ...merged, allOf: [...((merged.allOf ?? []) as SchemaObject[]), apart] };
}

function mergeSchema(target: SchemaObject, addition: SchemaObject): void {
  for (const [key, value] of Object.entries(addition)) {
    if (key === "required") {
      target.required = [
        ...new Set([...((target.required ?? []) as string[]), ...(value as string[])]),
      ];
    } else if (key in target) {
      target.allOf = [...((target.allOf ?? []) as SchemaObject[]), { [key]: value }];
    } else {
      target[key] = value;
    }
  }
}

/** Calls `visit` on every schema object reachable through JSON Schema keywords. */
function walkSchemas(document: SchemaObject, visit: (schema: SchemaObject) => void): void {
  const seen = new Set<SchemaObject>();
  const walk = (schema: unknown) => {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
    const node = schema as SchemaObject;
    if (seen.has(node)) return;
    seen.add(node);
    visit(node);
    for (const key of ["items", "additionalProperties", "not", "if", "then", "else"])
      walk(node[key]);
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      if (Array.isArray(node[key])) for (const part of node[key] as unknown[]) walk(part);
    }
    for (const key of ["properties", "patternProperties"]) {
      const map = node[key];
      if (map && typeof map === "object") for (const part of Object.values(map)) walk(part);
    }
  };
  const components = (document.components ?? {}) as SchemaObject;
  for (const schema of Object.values((components.schemas ?? {}) as SchemaObject)) walk(schema);
  // Inline schemas of operations: request bodies, responses and parameters.
  for (const item of Object.values((document.paths ?? {}) as Record<string, SchemaObject>)) {
    for (const parameter of (item.parameters ?? []) as SchemaObject[]) walk(parameter.schema);
    for (const method of METHODS) {
      const operation = item[method] as SchemaObject | undefined;
      if (!operation) continue;
      for (const parameter of (operation.parameters ?? []) as SchemaObject[])
        walk(parameter.schema);
      walk(jsonSchemaOf((operation.requestBody as SchemaObject | undefined)?.content));
      const responses = (operation.responses ?? {}) as Record<string, SchemaObject>;
      for (const response of Object.values(responses)) walk(jsonSchemaOf(response.content));
    }
  }
}

function nullableToType(schema: SchemaObject): void {
  if (schema.nullable !== true) return;
  delete schema.nullable;
  if (typeof schema.type === "string") schema.type = [schema.type, "null"];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...schema.enum, null];
}

type Discriminator = { propertyName: string; mapping: Record<string, string> };

function resolveDiscriminators(schemas: Record<string, SchemaObject>): void {
  const parents = new Map<string, Discriminator>();
  for (const [name, schema] of Object.entries(schemas)) {
    const discriminator = schema.discriminator as Discriminator | undefined;
    if (discriminator?.mapping) parents.set(name, discriminator);
  }
  // Every parent keeps its own properties under `<name>__base`.
  for (const name of parents.keys()) {
    const base = structuredClone(schemas[name]!);
    delete base.discriminator;
    schemas[`${name}__base`] = base;
  }
  for (const [name, { propertyName, mapping }] of parents) {
    const tags = new Map<string, string[]>();
    for (const [tag, ref] of Object.entries(mapping)) {
      const target = ref.slice(COMPONENT_REF.length);
      tags.set(target, [...(tags.get(target) ?? []), tag]);
    }
    for (const [target, values] of tags) {
      const definition = schemas[`${target}__base`] ?? schemas[target];
      if (!definition) throw new Error(`Discriminator of ${name} maps to a missing ${target}`);
      const allOf = (definition.allOf ?? []) as SchemaObject[];
      definition.allOf = [
        ...allOf.map((part) =>
          part.$ref === `${COMPONENT_REF}${name}`
            ? { $ref: `${COMPONENT_REF}${name}__base` }
            : part,
        ),
        { properties: { [propertyName]: { enum: values } } },
      ];
    }
    const values = Object.keys(mapping);
    schemas[name] = {
      type: "object",
      required: [propertyName],
      properties: { [propertyName]: { type: "string", enum: values } },
      allOf: values.map((value) => ({
        if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
        then: { $ref: mapping[value] },
      })),
    };
  }
}

/** `#/components/…` refs of an inline schema point into `file`'s document once compiled alone. */
function rebaseRefs(schema: unknown, file: string): unknown {
  if (Array.isArray(schema)) return schema.map((part) => rebaseRefs(part, file));
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#")
        ? `${file}${value}`
        : rebaseRefs(value, file),
    ]),
  );
}

function unknownFormats(document: SchemaObject, ajv: Ajv): string[] {
  const formats = new Set<string>();
  walkSchemas(document, (schema) => {
    if (typeof schema.format === "string") formats.add(schema.format);
  });
  return [...formats].filter((format) => !ajv.formats[format]);
}

function addKeyword(ajv: Ajv, custom: CustomKeyword): void {
  ajv.addKeyword({
    keyword: custom.keyword,
    type: custom.type,
    schemaType: custom.schemaType,
    errors: false,
    validate: (value: unknown, data: unknown) => custom.check(value as never, data as never),
  });
}
