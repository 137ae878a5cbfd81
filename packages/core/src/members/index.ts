// Browser-safe: the admin UI imports this through `@kizuna/core/members`. The CSV reader
// (Node streams) is `@kizuna/core/members/csv`.
export * from "./attributes.ts";
export * from "./encoding.ts";
export * from "./import-job.ts";
export * from "./mapping.ts";
export * from "./member.ts";
export * from "./member-batch.ts";
export * from "./member-values.ts";
export * from "./normalize.ts";
export * from "./prefectures.ts";
export * from "./row-errors.ts";
export * from "./row-validator.ts";
