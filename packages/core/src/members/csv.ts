// Node-only parts of member imports (streams); the rest is in ./index.ts.
export * from "./csv-records.ts";
export * from "./sample-csv.ts";
export * from "./shift-jis.ts";
