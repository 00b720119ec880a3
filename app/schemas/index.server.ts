// The form schemas and the parser that checks a submission against them, for loaders and
// actions. A .server module, so the browser build leaves it empty: neither Zod nor a schema
// reaches a page. Pages take their codes from ../codes and schema types with `import type`.

export * from "./auth";
export * from "./awards";
export * from "./brokers";
export * from "./browse";
export * from "./contracts";
export * from "./deals";
export * from "./enquiries";
export * from "./attachments";
export * from "./fields";
export * from "./i18n";
export * from "./intents";
export * from "./listings";
export * from "./padding-flags";
export * from "./payments";
export * from "./national-records";
export * from "./national-record-list";
export { localiseFieldErrors, localiseMessage, parseForm, type Parsed } from "../services/forms";
export * from "./closed-years";
export * from "./api";
export * from "./policy-targets";
export * from "./data-import";
export * from "./password-reset";
export * from "./challenges";
export * from "./scenarios";
