export type * from "./location.js";
export type * from "./config.js";
export type * from "./pin.js";
export type * from "./finding.js";
export type * from "./neox-args.js";
export type * from "./resolution.js";
export type * from "./environment.js";
