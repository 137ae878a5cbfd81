import { hello } from "@kizuna/core";

console.log(hello("x"));
