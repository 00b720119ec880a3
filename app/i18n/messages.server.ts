import { common } from "./common";
import { errorPage } from "./errors";
import { validation } from "./validation";
import { auth } from "./auth";
import { listings } from "./listings";
import { admin } from "./admin";
import { notificationMessages } from "./notifications";
import { contractMessages } from "./contracts";
import { brokerMessages } from "./brokers";
import { matchingMessages } from "./matching";
import { paymentMessages } from "./payments";
import { batchMessages } from "./batches";
import { yearMessages } from "./registration-years";
import { flagMessages } from "./registration-flags";
import { registrationImportMessages } from "./registration-import";
import { filingMessages } from "./registration-filing";
import { recordMessages } from "./registration-records";
import { apiMessages } from "./api";
import { exportMessages } from "./export";
import { targetMessages } from "./targets";
import { reportMessages } from "./report";
import { dataImportMessages } from "./data-import";
import { indicatorMessages } from "./indicators";
import { indicatorExportMessages } from "./indicator-export";
import { createHash } from "node:crypto";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./define";
import { provideMessages } from "./registry";
import { fill, type Messages, type Params, type T } from "./translate";

// Both languages' message tables. A .server module: the browser gets one language's messages
// as a dictionary script (dictionaryScript below), cached for as long as they do not change.

const tables = [
  errorPage,
  common,
  validation,
  auth,
  listings,
  admin,
  notificationMessages,
  contractMessages,
  brokerMessages,
  matchingMessages,
  paymentMessages,
  batchMessages,
  yearMessages,
  flagMessages,
  registrationImportMessages,
  filingMessages,
  recordMessages,
  apiMessages,
  exportMessages,
  targetMessages,
  reportMessages,
  dataImportMessages,
  indicatorMessages,
  indicatorExportMessages,
];

type Keys<T> = T extends { "zh-CN": Record<infer K, string> } ? K : never;
export type MessageKey = Keys<(typeof tables)[number]>;

const merged: Record<Locale, Record<string, string>> = { "zh-CN": {}, en: {} };
for (const table of tables) {
  Object.assign(merged["zh-CN"], table["zh-CN"]);
  Object.assign(merged.en, table.en);
}

/** Looks a key up in a locale and fills {placeholders}; an unknown key is returned as it is. */
export function translate(locale: Locale, key: string, params?: Params): string {
  return fill(merged[locale][key] ?? merged[DEFAULT_LOCALE][key] ?? key, params);
}

for (const locale of LOCALES) provideMessages(locale, merged[locale]);

/** Every message of one language. */
export function messagesFor(locale: Locale): Messages {
  return merged[locale];
}

export type DictionaryScript = { file: string; body: string };

const scripts = new Map<Locale, DictionaryScript>();

/**
 * One language's messages as a script that sets window.__lsmMessages, named by a hash of its
 * content: the file never changes under its name, so browsers keep it for a year.
 */
export function dictionaryScript(locale: Locale): DictionaryScript {
  let script = scripts.get(locale);
  if (!script) {
    const body = `window.__lsmMessages=${JSON.stringify({ locale, messages: merged[locale] })};\n`;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    script = { file: `${locale}.${hash}.js`, body };
    scripts.set(locale, script);
  }
  return script;
}

export function makeT(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}
