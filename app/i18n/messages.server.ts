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
import { DEFAULT_LOCALE, type Locale } from "./define";
import { fill, type Messages, type Params, type T } from "./translate";

// Both languages' message tables. A .server module: the browser gets one language's messages
// from the root loader instead, and never these tables.

const tables = [errorPage, common, validation, auth, listings, admin, notificationMessages, contractMessages, brokerMessages, matchingMessages];

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

/** Every message of one language: what the root loader sends to the browser. */
export function messagesFor(locale: Locale): Messages {
  return merged[locale];
}

export function makeT(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}
