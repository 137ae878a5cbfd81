import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type AnySchemaObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";

// Validates webhook bodies against LINE's own webhook.yml, so the emulator's events are checked
// against the contract rather than against our reading of it.
//
// webhook.yml uses OpenAPI discriminators the way openapi-generator reads them: a base schema
// (Event) names its subtypes in `discriminator.mapping`, and each subtype extends the base with
// `allOf`. Ajv does not follow such mappings, so before compiling, every schema `X` with a mapping
// becomes `X` = "X's own rules, plus the rules of the subtype its discriminator names", and the
// subtypes extend a copy `X__base` instead of `X` (which would otherwise loop back to them).

const SPEC = join(import.meta.dirname, "..", "..", "openapi", "webhook.yml");

type Schemas = Record<string, AnySchemaObject>;

let validator: ValidateFunction | undefined;

/** Errors of a webhook POST body against `CallbackRequest` in webhook.yml; [] when it is valid. */
export function webhookBodyErrors(body: unknown): string[] {
  validator ??= compile();
  if (validator(body)) return [];
  return (validator.errors ?? []).map(
    (error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`,
  );
}

function compile(): ValidateFunction {
  const spec = parse(readFileSync(SPEC, "utf8")) as { components: { schemas: Schemas } };
  const schemas = resolveDiscriminators(spec.components.schemas);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // OpenAPI's numeric formats are ranges Ajv does not know; JSON numbers satisfy them here.
  for (const format of ["int32", "int64", "double", "float", "binary", "uri"]) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: "webhook.yml", components: { schemas } });
  return ajv.getSchema("webhook.yml#/components/schemas/CallbackRequest")!;
}

function resolveDiscriminators(original: Schemas): Schemas {
  const schemas: Schemas = structuredClone(original);
  const bases = Object.keys(schemas).filter(
    (name) => schemas[name]!.discriminator?.mapping !== undefined,
  );
  for (const name of bases) {
    const schema = schemas[name]!;
    const { discriminator, ...own } = schema;
    const property: string = discriminator.propertyName;
    const mapping = discriminator.mapping as Record<string, string>;
    schemas[`${name}__base`] = own;
    for (const target of Object.values(mapping)) {
      const sub = schemas[refName(target)];
      for (const part of sub?.allOf ?? []) {
        if (part.$ref === `#/components/schemas/${name}`) {
          part.$ref = `#/components/schemas/${name}__base`;
        }
      }
    }
    schemas[name] = {
      allOf: [
        { $ref: `#/components/schemas/${name}__base` },
        ...Object.entries(mapping).map(([value, target]) => ({
          if: { properties: { [property]: { const: value } }, required: [property] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
          then: { $ref: `#/components/schemas/${refName(target)}` },
        })),
      ],
    };
  }
  return schemas;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
