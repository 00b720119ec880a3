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
import { funnelMessages } from "./funnel";
import { indicatorExportMessages } from "./indicator-export";
import { a11yMessages } from "./a11y";
import { scenarioMessages } from "./scenarios";
import { scenarioServerMessages } from "./scenarios-server";
import { enquiryMessages } from "./enquiries";
import { frameMessages } from "./frame";
import { frameDeskMessages } from "./frame-desk";
import { passwordResetMessages } from "./password-reset";
import { emailMessages, notifyEventMessages } from "./notify-email";
import { challengeMessages } from "./challenges";
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
  a11yMessages,
  funnelMessages,
  scenarioMessages,
  scenarioServerMessages,
  enquiryMessages,
  frameMessages,
  frameDeskMessages,
  passwordResetMessages,
  notifyEventMessages,
  emailMessages,
  challengeMessages,
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
  const own = merged[locale][key];
  return fill(own ?? merged[DEFAULT_LOCALE][key] ?? key, params, own === undefined ? DEFAULT_LOCALE : locale);
}

for (const locale of LOCALES) provideMessages(locale, merged[locale]);

/** Every message of one language. */
export function messagesFor(locale: Locale): Messages {
  return merged[locale];
}

export type DictionaryScript = { file: string; body: string };

/**
 * The desk's own pages (registration, imports, flags, targets, reports) carry many messages no
 * visitor's page uses: they go in a second script that only the Bureau's signed-in staff load,
 * so every other page stays small.
 */
const BUREAU_TABLES = [
  yearMessages,
  flagMessages,
  registrationImportMessages,
  recordMessages,
  targetMessages,
  reportMessages,
  dataImportMessages,
  funnelMessages,
  frameDeskMessages,
];
const bureauKeys = new Set(BUREAU_TABLES.flatMap((table) => Object.keys(table["zh-CN"])));
/** Messages only the server writes or reads (e-mails, notifications it renders, refusals it words): no page needs them, so no dictionary script carries them. */
const SERVER_ONLY_TABLES = [emailMessages, scenarioServerMessages];
const serverOnlyKeys = new Set(SERVER_ONLY_TABLES.flatMap((table) => Object.keys(table["zh-CN"])));

/**
 * Contracts, payments, award batches and filing are used only behind signing in: their messages
 * go in a part that signed-in members load, so a visitor's pages (the home page, the lists,
 * signing in) stay small. The home page's contract figure, the statistics' labels and the
 * navigation's names stay in the base part, which every page loads.
 */
const MEMBER_TABLES = [contractMessages, paymentMessages, batchMessages, filingMessages];
const publicToo = (key: string) => /^(home|stats|nav)\./.test(key);
const memberKeys = new Set(MEMBER_TABLES.flatMap((table) => Object.keys(table["zh-CN"])).filter((key) => !publicToo(key) && !bureauKeys.has(key)));

export const DICTIONARY_PARTS = ["base", "members", "bureau"] as const;
export type DictionaryPart = (typeof DICTIONARY_PARTS)[number];

function partOf(key: string): DictionaryPart {
  return bureauKeys.has(key) ? "bureau" : memberKeys.has(key) ? "members" : "base";
}

function partMessages(locale: Locale, part: DictionaryPart): Messages {
  return Object.fromEntries(Object.entries(merged[locale]).filter(([key]) => !serverOnlyKeys.has(key) && partOf(key) === part));
}

const scripts = new Map<string, DictionaryScript>();

/**
 * One language's messages as a script, named by a hash of its content: the file never changes
 * under its name, so browsers keep it for a year. The base part sets window.__lsmMessages; the
 * Bureau's part, loaded after it, adds to it.
 */
export function dictionaryScript(locale: Locale, part: DictionaryPart = "base"): DictionaryScript {
  const key = `${locale}:${part}`;
  let script = scripts.get(key);
  if (!script) {
    const messages = JSON.stringify(partMessages(locale, part));
    const body =
      part === "base"
        ? `window.__lsmMessages=${JSON.stringify({ locale })};window.__lsmMessages.messages=${messages};\n`
        : `Object.assign(window.__lsmMessages.messages,${messages});\n`;
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
    script = { file: `${locale}${part === "base" ? "" : `-${part}`}.${hash}.js`, body };
    scripts.set(key, script);
  }
  return script;
}

export function makeT(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}
