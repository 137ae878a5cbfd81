export * from "./taps.ts";
